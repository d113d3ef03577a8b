{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set both = cookiecutter.use_rabbitmq == "yes" and cookiecutter.websocket == "yes" -%}
{%- set imports = {
    pkg ~ ".core.settings": ["SERVICE_NAME"],
    pkg ~ ".domain.events": [Res ~ "Event"],
    pkg ~ ".domain." ~ res: [Res],
} -%}
{%- if cookiecutter.maturity_level|int >= 2 %}{% set _ = imports.update({pkg ~ ".core.request_id": ["request_id_var"]}) %}{% endif -%}
{%- if both %}{% set _ = imports[pkg ~ ".domain.events"].append("EventPublisher") %}{% endif -%}
"""The envelope every event carries on the wire (the collection's event convention)."""

import uuid
{%- if both %}
from collections.abc import Sequence
{%- endif %}
from datetime import UTC, datetime
from typing import Any

from pydantic import TypeAdapter

{{ from_imports(imports) }}

ENVELOPE_VERSION = 1
_{{ res.upper() }} = TypeAdapter({{ Res }})


def envelope(event: {{ Res }}Event) -> dict[str, Any]:
    """``event_id`` derives from the change itself (type, id, version): publishing the same
    change again, e.g. on a retried request, gives the same id, so consumers deduplicate it.
    The creation time keeps ids apart across databases: a new or restored one reuses ids."""
    change = f"{SERVICE_NAME}/{event.event_type}/{event.{{ res }}_id}"
    if event.{{ res }} is not None:
        created = event.{{ res }}.created_at.isoformat()
        change += f"/{created}/{event.{{ res }}.version}"
    payload = (
        _{{ res.upper() }}.dump_python(event.{{ res }}, mode="json")
        if event.{{ res }} is not None
        else {"id": event.{{ res }}_id}
    )
    return {
        "event_id": str(uuid.uuid5(uuid.NAMESPACE_URL, change)),
        "event_type": event.event_type,
        "version": ENVELOPE_VERSION,
        "occurred_at": datetime.now(UTC).isoformat(),
        "producer": SERVICE_NAME,
{%- if cookiecutter.maturity_level|int >= 2 %}
        "request_id": request_id_var.get(),
{%- else %}
        "request_id": None,
{%- endif %}
        "payload": payload,
    }
{%- if both %}


class FanOutPublisher:
    """Publishes each event to every channel in turn (the broker first)."""

    def __init__(self, publishers: Sequence[EventPublisher]) -> None:
        self._publishers = publishers

    async def publish(self, event: {{ Res }}Event) -> None:
        for publisher in self._publishers:
            await publisher.publish(event)
{%- endif %}
