import asyncio
from typing import cast

from aio_pika.abc import AbstractIncomingMessage

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

    def __init__(self, body: bytes, routing_key: str = KEY) -> None:
        self.body = body
        self.routing_key = routing_key
        self.message_id = "m-1"
        self.settled: list[str] = []

    async def ack(self) -> None:
        self.settled.append("ack")

    async def reject(self, requeue: bool = False) -> None:
        self.settled.append(f"reject(requeue={requeue})")


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
