"""RabbitMQ consumer: declares its topology, processes deliveries, drains on shutdown."""

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Self

import aio_pika
import structlog
from aio_pika.abc import (
    AbstractChannel,
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustConnection,
    ConsumerTag,
)
from aio_pika.exceptions import AMQPError, ChannelInvalidStateError

from {{ cookiecutter.service_name }}.application.ports import Claim, IdempotencyStore, PermanentError
from {{ cookiecutter.service_name }}.application.registry import HandlerRegistry
{%- if cookiecutter.maturity_level|int >= 2 %}
from {{ cookiecutter.service_name }}.core.request_id import REQUEST_ID_HEADER, request_id_scope
{%- endif %}
{%- if cookiecutter.maturity_level|int >= 4 %}
from {{ cookiecutter.service_name }}.core.tracing import consumer_span
{%- endif %}
from {{ cookiecutter.service_name }}.domain.events import EventEnvelope
{%- if cookiecutter.maturity_level|int >= 3 %}
from {{ cookiecutter.service_name }}.infrastructure import metrics
{%- endif %}
from {{ cookiecutter.service_name }}.infrastructure.publisher import Publisher, copy_of
from {{ cookiecutter.service_name }}.infrastructure.topology import Topology

logger = structlog.get_logger(__name__)

# Our headers on a message's retry and dead-letter copies.
ATTEMPT_HEADER = "x-attempt"
ROUTING_KEY_HEADER = "x-original-routing-key"
REASON_HEADER = "x-dead-letter-reason"
ERROR_HEADER = "x-error"
FAILED_AT_HEADER = "x-failed-at"
MAX_ERROR_LENGTH = 1000

# How long stopping waits for the broker to confirm the consumer's cancellation.
CANCEL_TIMEOUT_SECONDS = 5.0
# Loop iterations for a delivery received before the cancellation to reach its callback.
_DELIVERY_HOPS = 3


class Outcome(StrEnum):
    """How a delivery was settled."""

    HANDLED = "handled"  # the handler succeeded: acked
    DUPLICATE = "duplicate"  # its effect had already happened: acked without the handler
    RETRIED = "retried"  # republished to a retry queue, then acked
    DEAD_LETTERED = "dead_lettered"  # republished to the dead-letter queue, then acked
    UNSETTLED = "unsettled"  # the broker could not be told: it redelivers the message


class InFlight:
    """Counts messages being processed so that shutdown can wait for them."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def count(self) -> int:
        """Messages being processed right now."""
        return self._count

    def __enter__(self) -> Self:
        self._count += 1
        self._idle.clear()
        return self

    def __exit__(self, *_: object) -> None:
        self._count -= 1
        if self._count == 0:
            self._idle.set()

    async def drained(self, grace_period: float) -> bool:
        """Wait until nothing is in flight; ``False`` when ``grace_period`` ran out first."""
        try:
            await asyncio.wait_for(self._idle.wait(), grace_period)
        except TimeoutError:
            return False
        return True


def attempt_of(message: AbstractIncomingMessage) -> int:
    """Which run of the handler this delivery is (1 for a message fresh from a producer)."""
    value = message.headers.get(ATTEMPT_HEADER)
    return value if isinstance(value, int) and value >= 1 else 1


def routing_key_of(message: AbstractIncomingMessage) -> str:
    """The producer's routing key, also for a message back from a retry queue."""
    original = message.headers.get(ROUTING_KEY_HEADER)
    return original if isinstance(original, str) else message.routing_key or ""


@dataclass(slots=True)
class Delivery:
    """A message with where it came from and which attempt this is."""

    message: AbstractIncomingMessage
    routing_key: str
    attempt: int

    @classmethod
    def of(cls, message: AbstractIncomingMessage) -> "Delivery":
        return cls(message, routing_key_of(message), attempt_of(message))

    @property
    def log(self) -> structlog.stdlib.BoundLogger:
        """A logger naming the message, bound only on the paths that log."""
        log: structlog.stdlib.BoundLogger = logger.bind(
            routing_key=self.routing_key, message_id=self.message.message_id, attempt=self.attempt
        )
        return log


class MessageProcessor:
    """Runs one delivery through validation, idempotency and its handler, then settles it.

    The message is acknowledged only once its outcome is safe: the handler succeeded, or a
    copy is confirmed in a retry queue or the dead-letter queue. When the broker cannot be
    told (the connection was lost), the message stays unacknowledged and is redelivered.
    """

    def __init__(
        self,
        registry: HandlerRegistry,
        publisher: Publisher,
        topology: Topology,
        idempotency: IdempotencyStore | None = None,
    ) -> None:
        self._registry = registry
        self._publisher = publisher
        self._topology = topology
        self._idempotency = idempotency

    async def process(self, message: AbstractIncomingMessage) -> Outcome:
        """Handle and settle ``message``; only cancellation escapes."""
        delivery = Delivery.of(message)
        try:
            event = self._registry.parse(delivery.routing_key, message.body)
        except PermanentError as exc:
            delivery.log.warning("message.invalid", reason=str(exc))
            return await self._dead_letter(delivery, "invalid", exc)
{%- if cookiecutter.maturity_level|int >= 2 %}
        request_id = message.headers.get(REQUEST_ID_HEADER)
{%- if cookiecutter.maturity_level|int >= 4 %}
        with (
            request_id_scope(request_id if isinstance(request_id, str) else event.request_id),
            consumer_span(delivery.routing_key, message.headers),
        ):
{%- else %}
        with request_id_scope(request_id if isinstance(request_id, str) else event.request_id):
{%- endif %}
            return await self._handle(delivery, event)
{%- else %}
        tokens = structlog.contextvars.bind_contextvars(request_id=event.request_id)
        try:
            return await self._handle(delivery, event)
        finally:
            structlog.contextvars.reset_contextvars(**tokens)
{%- endif %}

    async def _handle(self, delivery: Delivery, event: EventEnvelope) -> Outcome:
        event_id = str(event.event_id)
        tokens = structlog.contextvars.bind_contextvars(event_id=event_id)
        claimed = False
        try:
            if self._idempotency is not None:
                claim = await self._idempotency.claim(event_id)
                if claim is Claim.DONE:
                    delivery.log.info("message.duplicate")
                    return await self._ack(delivery, Outcome.DUPLICATE)
                if claim is Claim.BUSY:
                    # Not this delivery's failure: try the same attempt again after a delay.
                    return await self._retry(delivery, delivery.attempt)
                claimed = True
{%- if cookiecutter.maturity_level|int >= 3 %}
            with metrics.handler_seconds(delivery.routing_key).time():
                await self._registry.dispatch(event)
{%- else %}
            await self._registry.dispatch(event)
{%- endif %}
        except asyncio.CancelledError:
            # The connection was lost or shutdown gave up: the broker redelivers the message,
            # and the redelivery must not wait for this claim to expire.
            delivery.log.warning("message.cancelled")
            if claimed:
                await self._release(delivery, event_id)
            raise
        except Exception as exc:
            return await self._failed(delivery, event_id, exc, claimed=claimed)
        else:
            if not claimed:
                return await self._ack(delivery, Outcome.HANDLED)
            # Either order is safe (a redelivery finds the event done; a lost confirm leaves
            # the data-api's idempotency key), so neither round trip waits for the other.
            outcome, _ = await asyncio.gather(
                self._ack(delivery, Outcome.HANDLED), self._confirm(delivery, event_id)
            )
            return outcome
        finally:
            structlog.contextvars.reset_contextvars(**tokens)

    async def _failed(
        self, delivery: Delivery, event_id: str, error: Exception, *, claimed: bool
    ) -> Outcome:
        """The handler (or the idempotency store) raised: retry, or dead-letter for good."""
{%- if cookiecutter.maturity_level|int >= 3 %}
        metrics.FAILURES.labels(delivery.routing_key).inc()
{%- endif %}
        if claimed:
            await self._release(delivery, event_id)
        if isinstance(error, PermanentError):
            delivery.log.warning("message.rejected", reason=str(error))
            return await self._dead_letter(delivery, "rejected", error)
        if delivery.attempt >= self._topology.max_attempts:
            delivery.log.error("message.failed", exc_info=error)
            return await self._dead_letter(delivery, "failed", error)
        delivery.log.warning("message.failed", error=repr(error))
        return await self._retry(delivery, delivery.attempt + 1)

    async def _retry(self, delivery: Delivery, next_attempt: int) -> Outcome:
        """Park a copy in the retry queue of ``next_attempt``, then ack the original."""
        queue = self._topology.retry_queue(max(next_attempt, 2))
        headers = {ATTEMPT_HEADER: next_attempt, ROUTING_KEY_HEADER: delivery.routing_key}
        if not await self._republish(delivery, queue, headers):
            return Outcome.UNSETTLED
        delivery.log.info("message.retry_scheduled", queue=queue, next_attempt=next_attempt)
        return await self._ack(delivery, Outcome.RETRIED)

    async def _dead_letter(self, delivery: Delivery, reason: str, error: Exception) -> Outcome:
        """Move a copy to the dead-letter queue with why it is there, then ack the original."""
        headers: dict[str, Any] = {
            REASON_HEADER: reason,
            ERROR_HEADER: str(error)[:MAX_ERROR_LENGTH] or type(error).__name__,
            ATTEMPT_HEADER: delivery.attempt,
            ROUTING_KEY_HEADER: delivery.routing_key,
            FAILED_AT_HEADER: datetime.now(UTC).isoformat(),
        }
        queue = self._topology.dead_letter_queue
        if not await self._republish(delivery, queue, headers):
            return Outcome.UNSETTLED
        delivery.log.warning("message.dead_lettered", reason=reason, queue=queue)
        return await self._ack(delivery, Outcome.DEAD_LETTERED)

    async def _republish(self, delivery: Delivery, queue: str, headers: dict[str, Any]) -> bool:
        try:
            await self._publisher.to_queue(queue, copy_of(delivery.message, headers))
        except Exception as exc:
            delivery.log.warning("message.republish_failed", queue=queue, error=repr(exc))
            return False
        return True

    async def _ack(self, delivery: Delivery, outcome: Outcome) -> Outcome:
        try:
            await delivery.message.ack()
        except Exception as exc:
            delivery.log.warning("message.settle_failed", error=repr(exc))
            return Outcome.UNSETTLED
        return outcome

    async def _confirm(self, delivery: Delivery, event_id: str) -> None:
        assert self._idempotency is not None
        try:
            await self._idempotency.confirm(event_id)
        except Exception as exc:
            # The effect happened; a redelivery would replay it with the same idempotency key.
            delivery.log.warning("idempotency.confirm_failed", error=repr(exc))

    async def _release(self, delivery: Delivery, event_id: str) -> None:
        assert self._idempotency is not None
        try:
            await self._idempotency.release(event_id)
        except Exception as exc:
            # The claim expires by itself; until then a retry waits for it.
            delivery.log.warning("idempotency.release_failed", error=repr(exc))


class RabbitMQConsumer:
    """Consumes the worker's queue; reconnects and resumes consuming on its own."""

    def __init__(
        self,
        registry: HandlerRegistry,
        topology: Topology,
        *,
        url: str,
        prefetch: int,
        idempotency: IdempotencyStore | None = None,
        cancel_timeout: float = CANCEL_TIMEOUT_SECONDS,
    ) -> None:
        self._registry = registry
        self._topology = topology
        self._url = url
        self._prefetch = prefetch
        self._idempotency = idempotency
        self._cancel_timeout = cancel_timeout
        self._in_flight = InFlight()
        self._connection: AbstractRobustConnection | None = None
        self._channel: AbstractChannel | None = None
        self._queue: AbstractQueue | None = None
        self._consumer_tag: ConsumerTag | None = None
        self._processor: MessageProcessor | None = None

    @property
    def in_flight(self) -> int:
        """Messages being processed right now."""
        return self._in_flight.count

    @property
    def consuming(self) -> bool:
        """Connected, with the consumer registered: the readiness check."""
        return (
            self._consumer_tag is not None
            and self._channel is not None
            and not self._channel.is_closed
        )

    async def ready(self) -> bool:
        """Readiness check: connected, with the consumer registered."""
        return self.consuming
{%- if cookiecutter.scheduled_jobs == "yes" %}

    async def dead_letter_count(self) -> int:
        """Messages waiting in the dead-letter queue."""
        if self._connection is None:
            raise RuntimeError("the consumer is not started")
        async with await self._connection.channel() as channel:
            queue = await channel.declare_queue(self._topology.dead_letter_queue, passive=True)
            return queue.declaration_result.message_count or 0
{%- endif %}

    async def start(self) -> None:
        """Connect (reconnecting on its own later), declare the topology, consume."""
        self._connection = await aio_pika.connect_robust(self._url)
        self._channel = await self._connection.channel()
        await self._channel.set_qos(prefetch_count=self._prefetch)
        publisher = Publisher(await self._connection.channel(on_return_raises=True))
        self._processor = MessageProcessor(
            self._registry, publisher, self._topology, self._idempotency
        )
        self._queue = await self._topology.declare(self._channel, self._registry.routing_keys)
        self._consumer_tag = await self._queue.consume(self._on_message)
        logger.info(
            "consumer.started",
            exchange=self._topology.exchange,
            queue=self._topology.queue,
            routing_keys=list(self._registry.routing_keys),
            prefetch=self._prefetch,
        )

    async def stop(self, grace_period: float) -> bool:
        """Stop consuming, let in-flight messages finish within ``grace_period`` s, disconnect.

        Returns ``False`` when messages were still in flight at the deadline; the broker
        then redelivers them, since they were never acknowledged. Safe to call when
        ``start`` failed or never ran, and while the broker is unreachable.
        """
        drained = True
        try:
            await self._cancel_consuming()
            # Deliveries that arrived before CancelOk need a few loop turns to be counted.
            for _ in range(_DELIVERY_HOPS):
                await asyncio.sleep(0)
            drained = await self._in_flight.drained(grace_period)
            if not drained:
                logger.warning(
                    "consumer.drain_timeout", in_flight=self.in_flight, grace_period=grace_period
                )
        finally:
            if self._connection is not None:
                connection, self._connection = self._connection, None
                await connection.close()
        logger.info("consumer.stopped", drained=drained)
        return drained

    async def _cancel_consuming(self) -> None:
        """Ask the broker for no more deliveries, without waiting on a lost connection."""
        queue, tag = self._queue, self._consumer_tag
        self._consumer_tag = None
        if queue is None or tag is None or self._connection is None:
            return
        if self._connection.is_closed:
            logger.warning("consumer.cancel_skipped", reason="connection closed")
            return
        try:
            # A robust channel waits for the reconnection, which may never come.
            async with asyncio.timeout(self._cancel_timeout):
                await queue.cancel(tag)
        except (TimeoutError, AMQPError, ChannelInvalidStateError) as exc:
            logger.warning("consumer.cancel_failed", error=repr(exc))

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        assert self._processor is not None
        with self._in_flight:
{%- if cookiecutter.maturity_level|int >= 3 %}
            outcome = await self._processor.process(message)
        metrics.messages(routing_key_of(message), outcome).inc()
{%- else %}
            await self._processor.process(message)
{%- endif %}
