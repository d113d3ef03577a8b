import pytest

from {{ cookiecutter.service_name }}.application.ports import PermanentError
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


async def test_dispatch_runs_the_handler_of_the_event_type(
    registry: HandlerRegistry, recorder: Recorder
) -> None:
    event = registry.parse(KEY, envelope_json(KEY))

    await registry.dispatch(event)

    assert recorder.events == [event]
    assert event.event_type == KEY


def test_unknown_routing_key_is_invalid(registry: HandlerRegistry) -> None:
    with pytest.raises(InvalidMessageError, match="no handler"):
        registry.parse("order.deleted", envelope_json("order.deleted"))


def test_malformed_json_is_invalid(registry: HandlerRegistry) -> None:
    with pytest.raises(InvalidMessageError, match="invalid event envelope: body: Invalid JSON"):
        registry.parse(KEY, b"{not json")


def test_a_wrong_schema_names_the_fields(registry: HandlerRegistry) -> None:
    with pytest.raises(InvalidMessageError, match=r"version: .*; producer: ") as error:
        registry.parse(KEY, envelope_json(KEY, version=0, producer=""))

    assert isinstance(error.value, PermanentError)


def test_event_type_must_match_the_routing_key(registry: HandlerRegistry) -> None:
    with pytest.raises(InvalidMessageError, match="does not match"):
        registry.parse(KEY, envelope_json("order.updated"))


async def test_handler_errors_propagate() -> None:
    async def broken(_: EventEnvelope) -> None:
        raise RuntimeError("boom")

    registry = HandlerRegistry()
    registry.register(KEY, broken)

    with pytest.raises(RuntimeError, match="boom"):
        await registry.dispatch(registry.parse(KEY, envelope_json(KEY)))


def test_a_routing_key_takes_one_handler(registry: HandlerRegistry, recorder: Recorder) -> None:
    with pytest.raises(ValueError, match="already registered"):
        registry.register(KEY, recorder)


def test_routing_keys_keep_registration_order(recorder: Recorder) -> None:
    registry = HandlerRegistry()
    registry.register("b.created", recorder)
    registry.register("a.created", recorder)

    assert registry.routing_keys == ("b.created", "a.created")
