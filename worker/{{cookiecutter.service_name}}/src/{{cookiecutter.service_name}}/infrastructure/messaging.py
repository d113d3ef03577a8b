"""RabbitMQ consumer: declares its topology, dispatches deliveries, drains on shutdown."""

import asyncio
import time
from typing import Self

import aio_pika
import structlog
from aio_pika.abc import (
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustConnection,
    ConsumerTag,
)
from aio_pika.exceptions import AMQPError, ChannelInvalidStateError

from {{ cookiecutter.service_name }}.application.registry import (
    HandlerRegistry,
    InvalidMessageError,
)

logger = structlog.get_logger(__name__)

# How long stopping waits for the broker to confirm the consumer's cancellation.
CANCEL_TIMEOUT_SECONDS = 5.0
# Loop iterations for a delivery received before the cancellation to reach its callback.
_DELIVERY_HOPS = 3


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


async def process_message(registry: HandlerRegistry, message: AbstractIncomingMessage) -> None:
    """Handle one delivery and settle it: ack on success, reject without requeue otherwise.

    Only cancellation escapes, so one bad message never stops the consumer. A rejected
    message is logged and dropped by the broker (no dead-letter queue at this level). When
    settling fails, typically because the channel was lost meanwhile, the message stays
    unsettled and the broker redelivers it: its handler may then run a second time.
    """
    routing_key = message.routing_key or ""
    log = logger.bind(routing_key=routing_key, message_id=message.message_id)
    started = time.perf_counter()
    try:
        event = await registry.dispatch(routing_key, message.body)
    except asyncio.CancelledError:
        log.warning("message.cancelled")
        raise
    except InvalidMessageError as exc:
        log.warning("message.rejected", reason=str(exc))
        await _settle(message, log, ack=False)
    except Exception:
        log.exception("message.failed")
        await _settle(message, log, ack=False)
    else:
        if await _settle(message, log, ack=True):
            log.info(
                "message.acked",
                event_id=str(event.event_id),
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
            )


async def _settle(
    message: AbstractIncomingMessage, log: structlog.stdlib.BoundLogger, *, ack: bool
) -> bool:
    """Ack or reject ``message``; ``False`` (logged) when the broker could not be told."""
    try:
        if ack:
            await message.ack()
        else:
            await message.reject(requeue=False)
    except Exception as exc:
        log.warning("message.settle_failed", ack=ack, error=repr(exc))
        return False
    return True


class RabbitMQConsumer:
    """Consumes one durable queue bound to a topic exchange for the registry's keys."""

    def __init__(
        self,
        registry: HandlerRegistry,
        *,
        url: str,
        exchange: str,
        queue: str,
        prefetch: int,
        cancel_timeout: float = CANCEL_TIMEOUT_SECONDS,
    ) -> None:
        self._registry = registry
        self._url = url
        self._exchange_name = exchange
        self._queue_name = queue
        self._prefetch = prefetch
        self._cancel_timeout = cancel_timeout
        self._in_flight = InFlight()
        self._connection: AbstractRobustConnection | None = None
        self._queue: AbstractQueue | None = None
        self._consumer_tag: ConsumerTag | None = None

    @property
    def in_flight(self) -> int:
        """Messages being processed right now."""
        return self._in_flight.count

    async def start(self) -> None:
        """Connect (reconnecting on its own later), declare the topology, consume."""
        self._connection = await aio_pika.connect_robust(self._url)
        channel = await self._connection.channel()
        await channel.set_qos(prefetch_count=self._prefetch)
        exchange = await channel.declare_exchange(
            self._exchange_name, aio_pika.ExchangeType.TOPIC, durable=True
        )
        self._queue = await channel.declare_queue(self._queue_name, durable=True)
        for routing_key in self._registry.routing_keys:
            await self._queue.bind(exchange, routing_key)
        self._consumer_tag = await self._queue.consume(self._on_message)
        logger.info(
            "consumer.started",
            exchange=self._exchange_name,
            queue=self._queue_name,
            routing_keys=list(self._registry.routing_keys),
            prefetch=self._prefetch,
        )

    async def stop(self, grace_period: float) -> bool:
        """Stop consuming, let in-flight messages finish within ``grace_period`` s, disconnect.

        Returns ``False`` when messages were still in flight at the deadline; the broker
        then redelivers them, since they were never acknowledged. Safe to call when
        ``start`` failed or never ran, and while the broker is unreachable.
        """
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
        with self._in_flight:
            await process_message(self._registry, message)
