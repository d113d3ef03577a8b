import asyncio
import contextlib
import os
import signal
import time
import uuid

import aio_pika
import pytest
from aio_pika.abc import AbstractIncomingMessage
from aio_pika.exceptions import ChannelClosed
from structlog.testing import capture_logs

from {{ cookiecutter.service_name }}.application.handlers import EVENT_NAME
from {{ cookiecutter.service_name }}.application.ports import IdempotencyStore
from {{ cookiecutter.service_name }}.application.registry import HandlerRegistry
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.domain.events import EventEnvelope
from {{ cookiecutter.service_name }}.infrastructure.messaging import RabbitMQConsumer
from {{ cookiecutter.service_name }}.main import run, topology_of
from {{ cookiecutter.service_name }}.publish import main as publish_main
from {{ cookiecutter.service_name }}.publish import publish as publish_events
from {{ cookiecutter.service_name }}.publish import sample_event

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
    settings: Settings,
    registry: HandlerRegistry,
    *,
    url: str | None = None,
    idempotency: IdempotencyStore | None = None,
) -> RabbitMQConsumer:
    return RabbitMQConsumer(
        registry,
        topology_of(settings),
        url=url or settings.rabbitmq_url,
        prefetch=settings.rabbitmq_prefetch,
        idempotency=idempotency,
        cancel_timeout=1.0,
    )


async def publish(settings: Settings, *bodies: bytes, routing_key: str = EVENT_NAME) -> None:
    """Publish persistent messages on the worker's exchange."""
    connection = await aio_pika.connect(settings.rabbitmq_url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.get_exchange(settings.rabbitmq_exchange)
        for body in bodies:
            message = aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
            await exchange.publish(message, routing_key=routing_key)


async def queued_messages(settings: Settings, queue: str | None = None) -> int:
    """Messages in ``queue`` (the worker's by default; unacked ones are back once it stopped)."""
    connection = await aio_pika.connect(settings.rabbitmq_url)
    async with connection:
        channel = await connection.channel()
        declared = await channel.declare_queue(queue or settings.rabbitmq_queue, passive=True)
        count = declared.declaration_result.message_count
        assert count is not None
        return count


async def dead_letters(settings: Settings, expected: int) -> list[AbstractIncomingMessage]:
    """Wait for ``expected`` messages in the dead-letter queue and take them."""
    taken: list[AbstractIncomingMessage] = []
    connection = await aio_pika.connect(settings.rabbitmq_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.get_queue(topology_of(settings).dead_letter_queue)
        deadline = time.monotonic() + TIMEOUT
        while len(taken) < expected and time.monotonic() < deadline:
            message = await queue.get(fail=False)
            if message is None:
                await asyncio.sleep(0.05)
                continue
            await message.ack()
            taken.append(message)
    return taken


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


async def test_an_invalid_message_is_dead_lettered_and_consuming_goes_on(
    settings: Settings,
) -> None:
    handler = SlowHandler()
    consumer = consumer_for(settings, registry_of(handler))
    await consumer.start()

    await publish(settings, b"not an event", envelope_json())
    await asyncio.wait_for(handler.done.wait(), TIMEOUT)
    [dead] = await dead_letters(settings, 1)
    assert await consumer.stop(grace_period=TIMEOUT)

    assert len(handler.handled) == 1
    assert dead.body == b"not an event"
    assert dead.headers["x-dead-letter-reason"] == "invalid"
    assert await queued_messages(settings) == 0


async def test_a_failing_handler_is_retried_then_dead_lettered_while_others_flow(
    settings: Settings,
) -> None:
    attempts: list[str] = []
    handled = SlowHandler()

    async def flaky(event: EventEnvelope) -> None:
        if event.payload.get("poison"):
            attempts.append(str(event.event_id))
            raise RuntimeError("always fails")
        await handled(event)

    registry = HandlerRegistry()
    registry.register(EVENT_NAME, flaky)
    consumer = consumer_for(settings, registry)
    await consumer.start()

    await publish(settings, envelope_json(payload={"poison": True}), envelope_json())
    [dead] = await dead_letters(settings, 1)
    assert await consumer.stop(grace_period=TIMEOUT)

    assert len(handled.handled) == 1
    assert len(attempts) == len(settings.retry_delays_seconds) + 1
    assert dead.headers["x-dead-letter-reason"] == "failed"
    assert dead.headers["x-attempt"] == len(attempts)
    assert dead.headers["x-error"] == "always fails"
    for queue in (settings.rabbitmq_queue, *topology_of(settings).retry_queues):
        assert await queued_messages(settings, queue) == 0


async def test_the_sample_publisher_reaches_the_worker(settings: Settings) -> None:
    handler = SlowHandler()
    consumer = consumer_for(settings, registry_of(handler))
    await consumer.start()

    event = sample_event(EVENT_NAME, {"id": 3})
    await publish_events(settings, [event])
    await asyncio.wait_for(handler.done.wait(), TIMEOUT)
    assert await consumer.stop(grace_period=TIMEOUT)

    assert handler.handled == [event]


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
    worker = asyncio.create_task(run(settings, lambda _: registry_of(handler)))
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


def test_publishing_before_any_worker_bound_its_queue_says_so(
    rabbitmq_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    exchange = f"test.{uuid.uuid4().hex[:12]}.events"
    monkeypatch.setenv("RABBITMQ_URL", rabbitmq_url)
    monkeypatch.setenv("RABBITMQ_EXCHANGE", exchange)
    try:
        with pytest.raises(SystemExit, match="start the worker first"):
            publish_main(["--count", "2"])
    finally:
        asyncio.run(_delete_exchange(rabbitmq_url, exchange))

    assert capsys.readouterr().out == ""


async def _delete_exchange(url: str, name: str) -> None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        await channel.exchange_delete(name)
