"""Builders of test data shared by unit and integration tests."""

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from {{ cookiecutter.service_name }}.application.handlers import EVENT_NAME


def envelope(event_type: str = EVENT_NAME, **overrides: Any) -> dict[str, Any]:
    """A valid event envelope as it travels on the bus, with ``overrides`` applied."""
    fields: dict[str, Any] = {
        "event_id": str(uuid.uuid4()),
        "event_type": event_type,
        "version": 1,
        "occurred_at": datetime.now(UTC).isoformat(),
        "producer": "tests",
        "request_id": "req-1",
        "payload": {"id": 42},
    }
    return fields | overrides


def envelope_json(event_type: str = EVENT_NAME, **overrides: Any) -> bytes:
    """``envelope`` serialised the way a producer publishes it."""
    return json.dumps(envelope(event_type, **overrides)).encode()
