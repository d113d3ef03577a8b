{%- set handler = "handle_" ~ cookiecutter.event_name | replace(".", "_") -%}
"""The worker's event handlers: plain async functions of an ``EventEnvelope``."""

import structlog

from {{ cookiecutter.service_name }}.application.registry import HandlerRegistry
from {{ cookiecutter.service_name }}.domain.events import EventEnvelope

EVENT_NAME = "{{ cookiecutter.event_name }}"

logger = structlog.get_logger(__name__)


async def {{ handler }}(event: EventEnvelope) -> None:
    """React to ``{{ cookiecutter.event_name }}``: replace the log line with the real work."""
    logger.info(
        "event.processed",
        event_id=str(event.event_id),
        event_type=event.event_type,
        producer=event.producer,
        payload_keys=sorted(event.payload),
    )


def build_registry() -> HandlerRegistry:
    """The registry with every handler of this worker."""
    registry = HandlerRegistry()
    registry.register(EVENT_NAME, {{ handler }})
    return registry
