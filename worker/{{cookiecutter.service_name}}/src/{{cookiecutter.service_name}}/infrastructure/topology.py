"""The broker objects the worker relies on, declared (idempotently) at every start.

```
producer -> <exchange> (topic) --routing keys--> <queue> (quorum) --ack--> done
                                                    |  |
      transient failure: republished with x-attempt |  | delivery limit reached
      to <queue>.retry.<delay>ms, which dead-letters |  | (a worker crashing on it)
      back into <queue> after its TTL                |  v
        invalid message or last attempt failed ----> <queue>.dlq (with reason headers)
```
"""

from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractQueue

QUORUM: dict[str, Any] = {"x-queue-type": "quorum"}
# Dead-lettering that the broker retries until the target queue confirms: nothing is lost.
AT_LEAST_ONCE = {"x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"}


@dataclass(frozen=True)
class Topology:
    """Names and arguments of the worker's exchange and queues."""

    exchange: str
    queue: str
    retry_delays: tuple[float, ...]
    delivery_limit: int

    @property
    def dead_letter_queue(self) -> str:
        """Where messages end that no retry can fix, with the reason in their headers."""
        return f"{self.queue}.dlq"

    @property
    def max_attempts(self) -> int:
        """Handler runs of one message: the first plus one per retry delay."""
        return len(self.retry_delays) + 1

    @property
    def retry_queues(self) -> tuple[str, ...]:
        """One queue per delay; the delay is in the name since a queue's TTL cannot change."""
        return tuple(f"{self.queue}.retry.{round(delay * 1000)}ms" for delay in self.retry_delays)

    def retry_queue(self, attempt: int) -> str:
        """The queue that holds a message before its ``attempt``-th run (2 for the first retry)."""
        return self.retry_queues[attempt - 2]

    async def declare(
        self, channel: AbstractChannel, routing_keys: tuple[str, ...]
    ) -> AbstractQueue:
        """Declare everything and bind the main queue for ``routing_keys``; return that queue."""
        exchange = await channel.declare_exchange(
            self.exchange, aio_pika.ExchangeType.TOPIC, durable=True
        )
        await channel.declare_queue(self.dead_letter_queue, durable=True, arguments=QUORUM)
        for name, delay in zip(self.retry_queues, self.retry_delays, strict=True):
            await channel.declare_queue(
                name, durable=True, arguments=self._dead_letter_to(self.queue, ttl=delay)
            )
        arguments = self._dead_letter_to(self.dead_letter_queue)
        arguments["x-delivery-limit"] = self.delivery_limit
        queue = await channel.declare_queue(self.queue, durable=True, arguments=arguments)
        for routing_key in routing_keys:
            await queue.bind(exchange, routing_key)
        return queue

    async def delete(self, channel: AbstractChannel) -> None:
        """Remove every queue and the exchange (tests and benchmarks clean up with it)."""
        for name in (self.queue, *self.retry_queues, self.dead_letter_queue):
            await channel.queue_delete(name)
        await channel.exchange_delete(self.exchange)

    @staticmethod
    def _dead_letter_to(queue: str, *, ttl: float | None = None) -> dict[str, Any]:
        arguments: dict[str, Any] = {
            **QUORUM,
            **AT_LEAST_ONCE,
            "x-dead-letter-exchange": "",
            "x-dead-letter-routing-key": queue,
        }
        if ttl is not None:
            arguments["x-message-ttl"] = round(ttl * 1000)
        return arguments
