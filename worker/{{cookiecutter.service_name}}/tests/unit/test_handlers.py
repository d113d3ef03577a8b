{%- set handler = "handle_" ~ cookiecutter.event_name | replace(".", "_") -%}
import pytest
from structlog.testing import capture_logs

from {{ cookiecutter.service_name }}.application.handlers import (
    EVENT_NAME,
    build_registry,
    {{ handler }},
)
from {{ cookiecutter.service_name }}.domain.events import EventEnvelope

from tests.factories import envelope, envelope_json
from tests.fakes import FakeResults


async def test_the_handler_records_a_result_keyed_by_the_event_id() -> None:
    event = EventEnvelope.model_validate(envelope(payload={"b": 2, "a": 1}))
    results = FakeResults()

    with capture_logs() as logs:
        await {{ handler }}(event, results=results)

    assert results.records == {
        str(event.event_id): {
            "name": f"{EVENT_NAME} {event.event_id}",
            "description": "from tests, payload keys: a, b",
        }
    }
    assert logs == [
        {
            "event": "event.processed",
            "log_level": "info",
            "event_type": EVENT_NAME,
            "result_id": 1,
        }
    ]


async def test_a_redelivered_event_creates_nothing_twice() -> None:
    event = EventEnvelope.model_validate(envelope())
    results = FakeResults()

    await {{ handler }}(event, results=results)
    await {{ handler }}(event, results=results)

    assert results.calls == 2
    assert len(results.records) == 1


async def test_a_data_api_failure_propagates_to_the_consumer() -> None:
    event = EventEnvelope.model_validate(envelope())

    with pytest.raises(ConnectionError):
        await {{ handler }}(event, results=FakeResults(ConnectionError("down")))


async def test_the_registry_routes_the_event_name_to_its_handler() -> None:
    results = FakeResults()
    registry = build_registry(results)

    await registry.dispatch(registry.parse(EVENT_NAME, envelope_json()))

    assert registry.routing_keys == (EVENT_NAME,)
    assert len(results.records) == 1
