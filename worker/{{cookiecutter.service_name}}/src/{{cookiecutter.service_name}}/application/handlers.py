{%- set handler = "handle_" ~ cookiecutter.event_name | replace(".", "_") -%}
"""The worker's event handlers: plain async functions of an ``EventEnvelope``."""

from functools import partial

import structlog

from {{ cookiecutter.service_name }}.application.ports import ResultStore
from {{ cookiecutter.service_name }}.application.registry import HandlerRegistry
from {{ cookiecutter.service_name }}.domain.events import EventEnvelope

EVENT_NAME = "{{ cookiecutter.event_name }}"

logger = structlog.get_logger(__name__)


async def {{ handler }}(event: EventEnvelope, *, results: ResultStore) -> None:
    """Record the outcome of ``{{ cookiecutter.event_name }}`` in the data-api, once per event.

    The event's id is the idempotency key, so a redelivered event creates nothing twice.
    Replace the record with the real work's outcome.
    """
    record = {
        "name": f"{event.event_type} {event.event_id}",
        "description": f"from {event.producer}, payload keys: {', '.join(sorted(event.payload))}",
    }
    created = await results.create(record, idempotency_key=str(event.event_id))
    logger.info("event.processed", event_type=event.event_type, result_id=created.get("id"))


def build_registry(results: ResultStore) -> HandlerRegistry:
    """The registry with every handler of this worker and the ports they use."""
    registry = HandlerRegistry()
    registry.register(EVENT_NAME, partial({{ handler }}, results=results))
    return registry
