from typing import Any

import pytest
from pydantic import ValidationError

from {{ cookiecutter.service_name }}.domain.events import EventEnvelope

from tests.factories import envelope, envelope_json


def test_valid_envelope_parses_every_field() -> None:
    raw = envelope(payload={"amount": 100})

    event = EventEnvelope.model_validate_json(envelope_json(payload={"amount": 100}))

    assert event.event_type == raw["event_type"]
    assert event.version == 1
    assert event.payload == {"amount": 100}
    assert event.occurred_at.tzinfo is not None


def test_request_id_is_optional() -> None:
    fields = envelope()
    del fields["request_id"]

    assert EventEnvelope.model_validate(fields).request_id is None


@pytest.mark.parametrize(
    "overrides",
    [
        {"event_id": "not-a-uuid"},
        {"event_type": "Created"},
        {"version": 0},
        {"occurred_at": "2026-01-01T10:00:00"},
        {"producer": ""},
        {"payload": [1, 2]},
        {"unexpected": True},
    ],
    ids=["event_id", "event_type", "version", "naive-datetime", "producer", "payload", "extra"],
)
def test_invalid_envelope_is_rejected(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        EventEnvelope.model_validate(envelope(**overrides))


def test_missing_payload_is_rejected() -> None:
    fields = envelope()
    del fields["payload"]

    with pytest.raises(ValidationError, match="payload"):
        EventEnvelope.model_validate(fields)
