import asyncio
from typing import Any, cast

import aio_pika
import pytest
import structlog
from aio_pika.abc import AbstractIncomingMessage
from aio_pika.exceptions import ChannelInvalidStateError
from structlog.testing import capture_logs

from {{ cookiecutter.service_name }}.application.ports import PermanentError
from {{ cookiecutter.service_name }}.application.registry import Handler, HandlerRegistry
from {{ cookiecutter.service_name }}.domain.events import EventEnvelope
from {{ cookiecutter.service_name }}.infrastructure.messaging import (
    InFlight,
    MessageProcessor,
    Outcome,
    RabbitMQConsumer,
)
from {{ cookiecutter.service_name }}.infrastructure.publisher import Publisher
from {{ cookiecutter.service_name }}.infrastructure.topology import Topology

from tests.factories import envelope_json
from tests.fakes import FakeIdempotency

KEY = "order.created"
TOPOLOGY = Topology(exchange="x", queue="q", retry_delays=(0.5, 2.0), delivery_limit=5)


class FakeMessage:
    """The part of an incoming message that the processor uses, recording settlement."""

    def __init__(
        self,
        body: bytes,
        routing_key: str = KEY,
        *,
        headers: dict[str, Any] | None = None,
        channel_lost: bool = False,
    ) -> None:
        self.body = body
        self.routing_key = routing_key
        self.headers: dict[str, Any] = headers or {}
        self.message_id = "m-1"
        self.content_type = "application/json"
        self.content_encoding = None
        self.correlation_id = None
        self.timestamp = None
        self.type = None
        self.app_id = None
        self.channel_lost = channel_lost
        self.settled: list[str] = []

    async def ack(self) -> None:
        if self.channel_lost:  # what aio-pika raises after a reconnect
            raise ChannelInvalidStateError("Channel closed")
        self.settled.append("ack")


class FakePublisher:
    """Records what would go to which queue; ``broken`` fails like a lost connection."""

    def __init__(self, *, broken: bool = False) -> None:
        self.sent: list[tuple[str, aio_pika.Message]] = []
        self.broken = broken

    async def to_queue(self, queue: str, message: aio_pika.Message) -> None:
        if self.broken:
            raise ConnectionError("broker gone")
        self.sent.append((queue, message))


async def _ok(_: EventEnvelope) -> None:
    return None


async def _broken(_: EventEnvelope) -> None:
    raise RuntimeError("boom")


def registry_with(handler: Handler) -> HandlerRegistry:
    registry = HandlerRegistry()
    registry.register(KEY, handler)
    return registry


def processor(
    handler: Handler = _ok,
    publisher: FakePublisher | None = None,
    idempotency: FakeIdempotency | None = None,
) -> MessageProcessor:
    return MessageProcessor(
        registry_with(handler),
        cast(Publisher, publisher or FakePublisher()),
        TOPOLOGY,
        idempotency,
    )


async def process(processor: MessageProcessor, message: FakeMessage) -> Outcome:
    return await processor.process(cast(AbstractIncomingMessage, message))


async def test_a_handled_message_is_acked() -> None:
    message = FakeMessage(envelope_json(KEY))

    assert await process(processor(), message) is Outcome.HANDLED
    assert message.settled == ["ack"]


@pytest.mark.parametrize(
    ("body", "routing_key", "words"),
    [
        (b"garbage", KEY, "Invalid JSON"),
        (envelope_json(KEY, version=0), KEY, "version"),
        (envelope_json("order.deleted"), "order.deleted", "no handler"),
        (envelope_json(KEY), "", "no handler"),
    ],
    ids=["malformed-json", "wrong-schema", "unknown-routing-key", "no-routing-key"],
)
async def test_an_invalid_message_goes_straight_to_the_dead_letter_queue(
    body: bytes, routing_key: str, words: str
) -> None:
    publisher = FakePublisher()
    message = FakeMessage(body, routing_key)

    assert await process(processor(publisher=publisher), message) is Outcome.DEAD_LETTERED

    [(queue, copy)] = publisher.sent
    assert queue == "q.dlq"
    assert copy.body == body
    assert copy.headers["x-dead-letter-reason"] == "invalid"
    assert words in str(copy.headers["x-error"])
    assert copy.headers["x-attempt"] == 1
    assert copy.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
    assert message.settled == ["ack"]


async def test_a_failing_handler_is_retried_with_a_growing_delay_then_dead_lettered() -> None:
    publisher = FakePublisher()
    failing = processor(_broken, publisher)
    message = FakeMessage(envelope_json(KEY))

    outcomes = []
    for _ in range(TOPOLOGY.max_attempts):
        outcomes.append(await process(failing, message))
        _, copy = publisher.sent[-1]
        # What the retry queue dead-letters back: the copy, with the main queue's routing key.
        message = FakeMessage(copy.body, "q", headers=dict(copy.headers))

    assert outcomes == [Outcome.RETRIED, Outcome.RETRIED, Outcome.DEAD_LETTERED]
    assert [queue for queue, _ in publisher.sent] == ["q.retry.500ms", "q.retry.2000ms", "q.dlq"]
    assert [copy.headers["x-attempt"] for _, copy in publisher.sent] == [2, 3, 3]
    dead = publisher.sent[-1][1].headers
    assert dead["x-dead-letter-reason"] == "failed"
    assert dead["x-error"] == "boom"
    assert dead["x-original-routing-key"] == KEY


async def test_a_permanent_error_of_the_handler_skips_the_retries() -> None:
    async def refused(_: EventEnvelope) -> None:
        raise PermanentError("422 name too long")

    publisher = FakePublisher()

    outcome = await process(processor(refused, publisher), FakeMessage(envelope_json(KEY)))

    assert outcome is Outcome.DEAD_LETTERED
    [(queue, copy)] = publisher.sent
    assert (queue, copy.headers["x-dead-letter-reason"]) == ("q.dlq", "rejected")


async def test_a_message_whose_copy_cannot_be_published_stays_unacked() -> None:
    message = FakeMessage(envelope_json(KEY))

    with capture_logs() as logs:
        outcome = await process(processor(_broken, FakePublisher(broken=True)), message)

    assert outcome is Outcome.UNSETTLED
    assert message.settled == []
    assert "message.republish_failed" in [log["event"] for log in logs]


async def test_a_message_that_cannot_be_acked_is_logged_and_nothing_escapes() -> None:
    message = FakeMessage(envelope_json(KEY), channel_lost=True)

    with capture_logs() as logs:
        outcome = await process(processor(), message)

    assert outcome is Outcome.UNSETTLED
    assert [log["event"] for log in logs][-1] == "message.settle_failed"


async def test_the_handler_runs_with_the_event_ids_bound_for_logging() -> None:
    seen: list[dict[str, object]] = []

    async def handler(_: EventEnvelope) -> None:
        seen.append(structlog.contextvars.get_contextvars())

    body = envelope_json(KEY, request_id="req-9")
    await process(processor(handler), FakeMessage(body))

    [context] = seen
    event_id = str(EventEnvelope.model_validate_json(body).event_id)
    assert (context["event_id"], context["request_id"]) == (event_id, "req-9")
    assert structlog.contextvars.get_contextvars() == {}


async def test_a_cancelled_handler_is_logged_and_the_cancellation_propagates() -> None:
    started = asyncio.Event()

    async def endless(_: EventEnvelope) -> None:
        started.set()
        await asyncio.Event().wait()

    message = FakeMessage(envelope_json(KEY))
    with capture_logs() as logs:
        task = asyncio.create_task(process(processor(endless), message))
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    assert message.settled == []
    assert [log["event"] for log in logs] == ["message.cancelled"]


async def test_an_event_already_handled_is_acked_without_running_the_handler() -> None:
    calls: list[EventEnvelope] = []

    async def counting(event: EventEnvelope) -> None:
        calls.append(event)

    store = FakeIdempotency()
    body = envelope_json(KEY)
    first, again = FakeMessage(body), FakeMessage(body)

    assert await process(processor(counting, idempotency=store), first) is Outcome.HANDLED
    assert await process(processor(counting, idempotency=store), again) is Outcome.DUPLICATE

    assert len(calls) == 1
    assert again.settled == ["ack"]
    assert list(store.states.values()) == ["done"]


async def test_an_event_claimed_elsewhere_waits_in_the_first_retry_queue() -> None:
    store = FakeIdempotency()
    body = envelope_json(KEY)
    await store.claim(str(EventEnvelope.model_validate_json(body).event_id))
    publisher = FakePublisher()

    outcome = await process(processor(publisher=publisher, idempotency=store), FakeMessage(body))

    assert outcome is Outcome.RETRIED
    [(queue, copy)] = publisher.sent
    assert (queue, copy.headers["x-attempt"]) == ("q.retry.500ms", 1)


async def test_a_cancelled_handler_releases_its_claim_for_the_redelivery() -> None:
    started = asyncio.Event()

    async def endless(_: EventEnvelope) -> None:
        started.set()
        await asyncio.Event().wait()

    store = FakeIdempotency()
    task = asyncio.create_task(
        process(processor(endless, idempotency=store), FakeMessage(envelope_json(KEY)))
    )
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert store.states == {}


async def test_a_failed_handler_releases_its_claim_for_the_retry() -> None:
    store = FakeIdempotency()

    await process(processor(_broken, idempotency=store), FakeMessage(envelope_json(KEY)))

    assert store.states == {}


async def test_an_unreachable_store_sends_the_message_the_retry_path() -> None:
    publisher = FakePublisher()
    store = FakeIdempotency(broken=True)

    outcome = await process(
        processor(publisher=publisher, idempotency=store), FakeMessage(envelope_json(KEY))
    )

    assert outcome is Outcome.RETRIED
    assert publisher.sent[0][0] == "q.retry.500ms"


async def test_a_store_failing_after_the_handler_does_not_undo_the_ack() -> None:
    class ConfirmFails(FakeIdempotency):
        async def confirm(self, event_id: str) -> None:
            raise ConnectionError("store down")

    message = FakeMessage(envelope_json(KEY))

    with capture_logs() as logs:
        outcome = await process(processor(idempotency=ConfirmFails()), message)

    assert outcome is Outcome.HANDLED
    assert "idempotency.confirm_failed" in [log["event"] for log in logs]


async def test_a_store_failing_to_release_leaves_the_claim_to_expire() -> None:
    class ReleaseFails(FakeIdempotency):
        async def release(self, event_id: str) -> None:
            raise ConnectionError("store down")

    with capture_logs() as logs:
        outcome = await process(
            processor(_broken, idempotency=ReleaseFails()), FakeMessage(envelope_json(KEY))
        )

    assert outcome is Outcome.RETRIED
    assert "idempotency.release_failed" in [log["event"] for log in logs]


def test_topology_names_follow_the_main_queue() -> None:
    assert TOPOLOGY.dead_letter_queue == "q.dlq"
    assert TOPOLOGY.retry_queues == ("q.retry.500ms", "q.retry.2000ms")
    assert TOPOLOGY.max_attempts == 3


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


def consumer_with(handler: Handler) -> RabbitMQConsumer:
    consumer = RabbitMQConsumer(registry_with(handler), TOPOLOGY, url="amqp://unused/", prefetch=1)
    consumer._processor = processor(handler)
    return consumer


async def test_stopping_a_consumer_that_never_started_is_a_no_op() -> None:
    consumer = RabbitMQConsumer(HandlerRegistry(), TOPOLOGY, url="amqp://unused/", prefetch=1)

    assert await consumer.stop(grace_period=0.01)
    assert consumer.in_flight == 0
    assert not await consumer.ready()


async def test_the_consumer_counts_a_message_until_it_is_settled() -> None:
    release = asyncio.Event()

    async def slow(_: EventEnvelope) -> None:
        await release.wait()

    consumer = consumer_with(slow)
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

    consumer = consumer_with(slow)
    message = FakeMessage(envelope_json(KEY))
    racing = RacingQueue(consumer, message)
    consumer._queue = consumer._connection = racing  # type: ignore[assignment]
    consumer._consumer_tag = "ctag"

    assert await consumer.stop(grace_period=1)

    assert message.settled == ["ack"]
    assert racing.is_closed
