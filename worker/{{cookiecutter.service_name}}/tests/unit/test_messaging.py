import asyncio
from typing import cast

import pytest
from aio_pika.abc import AbstractIncomingMessage
from aio_pika.exceptions import ChannelInvalidStateError
from structlog.testing import capture_logs

from {{ cookiecutter.service_name }}.application.registry import Handler, HandlerRegistry
from {{ cookiecutter.service_name }}.domain.events import EventEnvelope
from {{ cookiecutter.service_name }}.infrastructure.messaging import (
    InFlight,
    RabbitMQConsumer,
    process_message,
)

from tests.factories import envelope_json

KEY = "order.created"


class FakeMessage:
    """The part of an incoming message that ``process_message`` uses, recording settlement."""

    def __init__(self, body: bytes, routing_key: str = KEY, *, channel_lost: bool = False) -> None:
        self.body = body
        self.routing_key = routing_key
        self.message_id = "m-1"
        self.channel_lost = channel_lost
        self.settled: list[str] = []

    async def ack(self) -> None:
        self._settle("ack")

    async def reject(self, requeue: bool = False) -> None:
        self._settle(f"reject(requeue={requeue})")

    def _settle(self, outcome: str) -> None:
        if self.channel_lost:  # what aio-pika raises after a reconnect
            raise ChannelInvalidStateError("Channel closed")
        self.settled.append(outcome)


async def _ok(_: EventEnvelope) -> None:
    return None


async def _broken(_: EventEnvelope) -> None:
    raise RuntimeError("boom")


def registry_with(handler: Handler) -> HandlerRegistry:
    registry = HandlerRegistry()
    registry.register(KEY, handler)
    return registry


async def settle(registry: HandlerRegistry, message: FakeMessage) -> list[str]:
    await process_message(registry, cast(AbstractIncomingMessage, message))
    return message.settled


async def test_a_handled_message_is_acked() -> None:
    assert await settle(registry_with(_ok), FakeMessage(envelope_json(KEY))) == ["ack"]


async def test_an_invalid_message_is_rejected_without_requeue() -> None:
    settled = await settle(registry_with(_ok), FakeMessage(b"garbage"))

    assert settled == ["reject(requeue=False)"]


async def test_a_message_without_routing_key_is_rejected() -> None:
    settled = await settle(registry_with(_ok), FakeMessage(envelope_json(KEY), routing_key=""))

    assert settled == ["reject(requeue=False)"]


async def test_a_failing_handler_rejects_the_message_and_raises_nothing() -> None:
    settled = await settle(registry_with(_broken), FakeMessage(envelope_json(KEY)))

    assert settled == ["reject(requeue=False)"]


@pytest.mark.parametrize("body", [envelope_json(KEY), b"garbage"], ids=["ack", "reject"])
async def test_a_message_that_cannot_be_settled_is_logged_and_nothing_escapes(
    body: bytes,
) -> None:
    message = FakeMessage(body, channel_lost=True)

    with capture_logs() as logs:
        settled = await settle(registry_with(_ok), message)

    assert settled == []
    events = [log["event"] for log in logs]
    assert events[-1] == "message.settle_failed"
    assert "message.acked" not in events


async def test_a_cancelled_handler_is_logged_and_the_cancellation_propagates() -> None:
    started = asyncio.Event()

    async def endless(_: EventEnvelope) -> None:
        started.set()
        await asyncio.Event().wait()

    message = FakeMessage(envelope_json(KEY))
    with capture_logs() as logs:
        task = asyncio.create_task(settle(registry_with(endless), message))
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    assert message.settled == []
    assert [log["event"] for log in logs] == ["message.cancelled"]


async def test_in_flight_counts_and_drains() -> None:
    in_flight = InFlight()
    assert await in_flight.drained(grace_period=0.01)

    with in_flight, in_flight:
        assert in_flight.count == 2
        assert not await in_flight.drained(grace_period=0.01)

    assert in_flight.count == 0
    assert await in_flight.drained(grace_period=0.01)


async def test_drain_waits_for_a_message_that_finishes_in_time() -> None:
    in_flight = InFlight()

    async def work() -> None:
        with in_flight:
            await asyncio.sleep(0.05)

    task = asyncio.create_task(work())
    await asyncio.sleep(0)

    assert in_flight.count == 1
    assert await in_flight.drained(grace_period=1)
    assert task.done()


async def test_stopping_a_consumer_that_never_started_is_a_no_op() -> None:
    consumer = RabbitMQConsumer(
        HandlerRegistry(), url="amqp://unused/", exchange="x", queue="q", prefetch=1
    )

    assert await consumer.stop(grace_period=0.01)
    assert consumer.in_flight == 0


async def test_the_consumer_counts_a_message_until_it_is_settled() -> None:
    release = asyncio.Event()

    async def slow(_: EventEnvelope) -> None:
        await release.wait()

    consumer = RabbitMQConsumer(
        registry_with(slow), url="amqp://unused/", exchange="x", queue="q", prefetch=1
    )
    message = FakeMessage(envelope_json(KEY))
    task = asyncio.create_task(consumer._on_message(cast(AbstractIncomingMessage, message)))
    await asyncio.sleep(0)

    assert consumer.in_flight == 1
    assert message.settled == []

    release.set()
    await task

    assert consumer.in_flight == 0
    assert message.settled == ["ack"]


class RacingQueue:
    """A queue whose broker delivers one more message just before confirming the cancel.

    The delivery travels like aio-pika's: a task per delivery starts the callback's task.
    """

    def __init__(self, consumer: RabbitMQConsumer, message: FakeMessage) -> None:
        self._consumer = consumer
        self._message = message
        self.is_closed = False  # doubles as the connection

    async def cancel(self, _: str) -> None:
        asyncio.get_running_loop().create_task(self._deliver())

    async def close(self) -> None:
        self.is_closed = True

    async def _deliver(self) -> None:
        message = cast(AbstractIncomingMessage, self._message)
        await asyncio.create_task(self._consumer._on_message(message))


async def test_stop_drains_a_delivery_that_arrived_just_before_the_cancel() -> None:
    async def slow(_: EventEnvelope) -> None:
        await asyncio.sleep(0.01)

    consumer = RabbitMQConsumer(
        registry_with(slow), url="amqp://unused/", exchange="x", queue="q", prefetch=1
    )
    message = FakeMessage(envelope_json(KEY))
    racing = RacingQueue(consumer, message)
    consumer._queue = consumer._connection = racing  # type: ignore[assignment]
    consumer._consumer_tag = "ctag"

    assert await consumer.stop(grace_period=1)

    assert message.settled == ["ack"]
    assert racing.is_closed
