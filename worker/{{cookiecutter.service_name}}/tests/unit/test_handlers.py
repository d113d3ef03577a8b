{%- set handler = "handle_" ~ cookiecutter.event_name | replace(".", "_") -%}
from structlog.testing import capture_logs

from {{ cookiecutter.service_name }}.application.handlers import (
    EVENT_NAME,
    build_registry,
    {{ handler }},
)
from {{ cookiecutter.service_name }}.domain.events import EventEnvelope

from tests.factories import envelope, envelope_json


async def test_handler_processes_the_event() -> None:
    event = EventEnvelope.model_validate(envelope(payload={"b": 2, "a": 1}))

    with capture_logs() as logs:
        await {{ handler }}(event)

    assert logs == [
        {
            "event": "event.processed",
            "log_level": "info",
            "event_id": str(event.event_id),
            "event_type": EVENT_NAME,
            "producer": "tests",
            "payload_keys": ["a", "b"],
        }
    ]


async def test_registry_routes_the_event_name_to_its_handler() -> None:
    registry = build_registry()

    with capture_logs() as logs:
        event = await registry.dispatch(EVENT_NAME, envelope_json())

    assert registry.routing_keys == (EVENT_NAME,)
    assert [log["event_id"] for log in logs] == [str(event.event_id)]
