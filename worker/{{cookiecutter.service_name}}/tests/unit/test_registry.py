import pytest
import structlog

from {{ cookiecutter.service_name }}.application.registry import HandlerRegistry, InvalidMessageError
from {{ cookiecutter.service_name }}.domain.events import EventEnvelope

from tests.factories import envelope_json

KEY = "order.created"


class Recorder:
    def __init__(self) -> None:
        self.events: list[EventEnvelope] = []

    async def __call__(self, event: EventEnvelope) -> None:
        self.events.append(event)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def registry(recorder: Recorder) -> HandlerRegistry:
    registry = HandlerRegistry()
    registry.register(KEY, recorder)
    return registry


async def test_dispatch_runs_the_handler_of_the_routing_key(
    registry: HandlerRegistry, recorder: Recorder
) -> None:
    event = await registry.dispatch(KEY, envelope_json(KEY))

    assert recorder.events == [event]
    assert event.event_type == KEY


async def test_unknown_routing_key_is_invalid(
    registry: HandlerRegistry, recorder: Recorder
) -> None:
    with pytest.raises(InvalidMessageError, match="no handler"):
        await registry.dispatch("order.deleted", envelope_json("order.deleted"))
    assert recorder.events == []


async def test_malformed_body_is_invalid_and_never_reaches_the_handler(
    registry: HandlerRegistry, recorder: Recorder
) -> None:
    with pytest.raises(InvalidMessageError, match="invalid event envelope"):
        await registry.dispatch(KEY, b"{not json")
    assert recorder.events == []


async def test_event_type_must_match_the_routing_key(
    registry: HandlerRegistry, recorder: Recorder
) -> None:
    with pytest.raises(InvalidMessageError, match="does not match"):
        await registry.dispatch(KEY, envelope_json("order.updated"))
    assert recorder.events == []


async def test_handler_errors_propagate() -> None:
    async def broken(_: EventEnvelope) -> None:
        raise RuntimeError("boom")

    registry = HandlerRegistry()
    registry.register(KEY, broken)

    with pytest.raises(RuntimeError, match="boom"):
        await registry.dispatch(KEY, envelope_json(KEY))


def test_a_routing_key_takes_one_handler(registry: HandlerRegistry, recorder: Recorder) -> None:
    with pytest.raises(ValueError, match="already registered"):
        registry.register(KEY, recorder)


def test_routing_keys_keep_registration_order(recorder: Recorder) -> None:
    registry = HandlerRegistry()
    registry.register("b.created", recorder)
    registry.register("a.created", recorder)

    assert registry.routing_keys == ("b.created", "a.created")


async def test_the_handler_runs_with_the_event_ids_bound_for_logging() -> None:
    seen: list[dict[str, object]] = []

    async def handler(_: EventEnvelope) -> None:
        seen.append(structlog.contextvars.get_contextvars())

    registry = HandlerRegistry()
    registry.register(KEY, handler)

    event = await registry.dispatch(KEY, envelope_json(KEY, request_id="req-9"))

    assert seen == [{"event_id": str(event.event_id), "request_id": "req-9"}]
    assert structlog.contextvars.get_contextvars() == {}
