import asyncio
import contextlib
import os
import signal
import time

import aio_pika
import pytest
from aio_pika.exceptions import ChannelClosed
from structlog.testing import capture_logs

from {{ cookiecutter.service_name }}.application.handlers import EVENT_NAME
from {{ cookiecutter.service_name }}.application.registry import HandlerRegistry
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.domain.events import EventEnvelope
from {{ cookiecutter.service_name }}.infrastructure.messaging import RabbitMQConsumer
from {{ cookiecutter.service_name }}.main import run

from tests.factories import envelope_json
from tests.integration.broker_proxy import BrokerProxy

TIMEOUT = 10


class SlowHandler:
    """Records the events it handles; each takes ``delay`` seconds."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.started = asyncio.Event()
        self.handled: list[EventEnvelope] = []
        self.done = asyncio.Event()

    async def __call__(self, event: EventEnvelope) -> None:
        self.started.set()
        await asyncio.sleep(self.delay)
        self.handled.append(event)
        self.done.set()


def registry_of(handler: SlowHandler) -> HandlerRegistry:
    registry = HandlerRegistry()
    registry.register(EVENT_NAME, handler)
    return registry


def consumer_for(
    settings: Settings, registry: HandlerRegistry, *, url: str | None = None
) -> RabbitMQConsumer:
    return RabbitMQConsumer(
        registry,
        url=url or settings.rabbitmq_url,
        exchange=settings.rabbitmq_exchange,
        queue=settings.rabbitmq_queue,
        prefetch=settings.rabbitmq_prefetch,
        cancel_timeout=1.0,
    )


async def publish(settings: Settings, *bodies: bytes) -> None:
    """Publish persistent messages on the worker's exchange, with the event's routing key."""
    connection = await aio_pika.connect(settings.rabbitmq_url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.get_exchange(settings.rabbitmq_exchange)
        for body in bodies:
            message = aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
            await exchange.publish(message, routing_key=EVENT_NAME)


async def queued_messages(settings: Settings) -> int:
    """Messages left in the worker's queue (unacked ones are back there once it stopped)."""
    connection = await aio_pika.connect(settings.rabbitmq_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(settings.rabbitmq_queue, passive=True)
        count = queue.declaration_result.message_count
        assert count is not None
        return count


async def test_a_valid_event_is_handled_and_acked(settings: Settings) -> None:
    handler = SlowHandler()
    consumer = consumer_for(settings, registry_of(handler))
    await consumer.start()
    body = envelope_json()

    await publish(settings, body)
    await asyncio.wait_for(handler.done.wait(), TIMEOUT)
    assert await consumer.stop(grace_period=TIMEOUT)

    assert [event.model_dump_json() for event in handler.handled] == [
        EventEnvelope.model_validate_json(body).model_dump_json()
    ]
    assert await queued_messages(settings) == 0


async def test_an_invalid_message_is_rejected_and_consuming_goes_on(settings: Settings) -> None:
    handler = SlowHandler()
    consumer = consumer_for(settings, registry_of(handler))
    await consumer.start()

    await publish(settings, b"not an event", envelope_json())
    await asyncio.wait_for(handler.done.wait(), TIMEOUT)
    assert await consumer.stop(grace_period=TIMEOUT)

    assert len(handler.handled) == 1
    assert await queued_messages(settings) == 0


async def test_stop_drains_the_message_in_flight(settings: Settings) -> None:
    handler = SlowHandler(delay=0.5)
    consumer = consumer_for(settings, registry_of(handler))
    await consumer.start()

    await publish(settings, envelope_json())
    await asyncio.wait_for(handler.started.wait(), TIMEOUT)
    assert consumer.in_flight == 1
    assert await consumer.stop(grace_period=TIMEOUT)

    assert len(handler.handled) == 1
    assert await queued_messages(settings) == 0


async def test_stop_leaves_a_message_unfinished_at_the_deadline_to_the_broker(
    settings: Settings,
) -> None:
    handler = SlowHandler(delay=TIMEOUT)
    consumer = consumer_for(settings, registry_of(handler))
    await consumer.start()

    await publish(settings, envelope_json())
    await asyncio.wait_for(handler.started.wait(), TIMEOUT)
    assert not await consumer.stop(grace_period=0.1)

    assert handler.handled == []
    assert await queued_messages(settings) == 1


async def test_stop_drains_every_delivery_received_before_the_cancellation(
    settings: Settings,
) -> None:
    handler = SlowHandler(delay=0.05)
    consumer = consumer_for(settings, registry_of(handler))
    await consumer.start()

    await publish(settings, *(envelope_json() for _ in range(20)))
    await asyncio.wait_for(handler.started.wait(), TIMEOUT)
    with capture_logs() as logs:
        assert await consumer.stop(grace_period=TIMEOUT)

    assert "message.cancelled" not in [log["event"] for log in logs]
    assert len(handler.handled) + await queued_messages(settings) == 20


async def test_stop_returns_promptly_while_the_broker_is_unreachable(
    settings: Settings, broker_proxy: BrokerProxy
) -> None:
    consumer = consumer_for(settings, registry_of(SlowHandler()), url=broker_proxy.url)
    await consumer.start()
    await broker_proxy.cut()
    await asyncio.sleep(0.2)  # the robust connection notices and starts reconnecting

    started = time.monotonic()
    assert await asyncio.wait_for(consumer.stop(grace_period=TIMEOUT), TIMEOUT)

    assert time.monotonic() - started < 3


@pytest.mark.usefixtures("harmless_sigterm")
async def test_sigterm_stops_the_worker_after_draining(settings: Settings) -> None:
    handler = SlowHandler(delay=0.5)
    worker = asyncio.create_task(run(settings, registry_of(handler)))
    try:
        await asyncio.sleep(0)
        await _wait_for_queue(settings)
        await publish(settings, envelope_json())
        await asyncio.wait_for(handler.started.wait(), TIMEOUT)

        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.wait_for(worker, TIMEOUT)
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker

    assert len(handler.handled) == 1
    assert await queued_messages(settings) == 0


async def _wait_for_queue(settings: Settings) -> None:
    """Wait until the worker has declared and bound its queue."""
    connection = await aio_pika.connect(settings.rabbitmq_url)
    async with connection:
        for _ in range(100):
            channel = await connection.channel()
            try:
                queue = await channel.declare_queue(settings.rabbitmq_queue, passive=True)
            except ChannelClosed:
                await asyncio.sleep(0.05)
                continue
            if queue.declaration_result.consumer_count:
                return
            await channel.close()
            await asyncio.sleep(0.05)
    raise TimeoutError("the worker never started consuming")
