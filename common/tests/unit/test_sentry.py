"""Sentry starts only with a DSN, and what it sends carries no secret or personal data."""

import json
from collections.abc import Iterator
from functools import partial

import pytest
import sentry_sdk
from pydantic import SecretStr
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport
from sentry_sdk.types import Event

from {{ cookiecutter.service_name }}.core.sentry import init_sentry
from {{ cookiecutter.service_name }}.core.settings import Settings

DSN = "https://key@sentry.example.com/1"
BOT_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq"
SECRETS = ("hunter2-password", "t0ken-value", "session=abc123", "ada@example.com", BOT_TOKEN)


class CapturingTransport(Transport):
    """Keeps the events instead of sending them."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[Event] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        event = envelope.get_event() or envelope.get_transaction_event()
        if event is not None:
            self.events.append(event)


@pytest.fixture
def transport(monkeypatch: pytest.MonkeyPatch) -> Iterator[CapturingTransport]:
    transport = CapturingTransport()
    monkeypatch.setattr(sentry_sdk, "init", partial(sentry_sdk.init, transport=transport))
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


def settings_with(dsn: str | None) -> Settings:
    return Settings.model_construct(
        sentry_dsn=SecretStr(dsn) if dsn is not None else None,
        environment="production",
        log_redact_fields="email,phone",
    )


def test_off_without_a_dsn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentry_sdk, "init", lambda **_: pytest.fail("Sentry started"))

    assert init_sentry(settings_with(None)) is False
    assert init_sentry(settings_with("")) is False


def test_on_with_a_dsn_environment_release_and_commit(
    transport: CapturingTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_SHA", "0123abc")

    assert init_sentry(settings_with(DSN)) is True

    options = sentry_sdk.get_client().options
    assert options["dsn"] == DSN
    assert options["environment"] == "production"
    assert options["release"].startswith("{{ cookiecutter.service_name }}@")
    assert options["dist"] == "0123abc"
    assert not options["send_default_pii"]


def test_events_leave_without_secrets_or_personal_data(transport: CapturingTransport) -> None:
    init_sentry(settings_with(DSN))
    sentry_sdk.add_breadcrumb(
        category="httplib",
        data={"url": f"https://api.telegram.org/bot{BOT_TOKEN}/getMe", "token": "t0ken-value"},
    )

    sentry_sdk.capture_event(
        {
            "message": "request failed",
            "request": {
                "url": "https://api.example.com/api/v1/items",
                "headers": {"Authorization": "Bearer t0ken-value", "Cookie": "session=abc123"},
                "data": {"password": "hunter2-password", "email": "ada@example.com"},
            },
            "extra": {"user": {"phone": "+44 20 7946 0958", "api_token": "t0ken-value"}},
        }
    )
    sentry_sdk.flush()

    [event] = transport.events
    sent = json.dumps(event)
    assert [secret for secret in SECRETS if secret in sent] == []
    assert "+44 20 7946 0958" not in sent
    assert event["request"]["url"] == "https://api.example.com/api/v1/items"
    assert event["message"] == "request failed"


def test_transactions_leave_without_secrets_or_personal_data(
    transport: CapturingTransport,
) -> None:
    init_sentry(settings_with(DSN))

    # What a finished transaction hands to the client: the spans of one request.
    sentry_sdk.capture_event(
        {
            "type": "transaction",
            "transaction": "POST /api/v1/sessions",
            "contexts": {"trace": {"trace_id": "a" * 32, "span_id": "b" * 16, "op": "http"}},
            "request": {
                "url": "https://api.example.com/api/v1/sessions?api_key=t0ken-value",
                "headers": {"Authorization": "Bearer t0ken-value"},
                "data": {"password": "hunter2-password", "email": "ada@example.com"},
            },
            "spans": [
                {
                    "trace_id": "a" * 32,
                    "span_id": "c" * 16,
                    "op": "http.client",
                    "description": f"GET https://api.telegram.org/bot{BOT_TOKEN}/getMe",
                    "data": {"http.request.header.cookie": "session=abc123"},
                },
                {
                    "trace_id": "a" * 32,
                    "span_id": "d" * 16,
                    "op": "db",
                    "description": "connect postgresql://app:hunter2-password@db/app",
                },
            ],
        }
    )
    sentry_sdk.flush()

    [transaction] = transport.events
    sent = json.dumps(transaction)
    assert [secret for secret in SECRETS if secret in sent] == []
    assert transaction["transaction"] == "POST /api/v1/sessions"
    spans = transaction["spans"]
    assert isinstance(spans, list)
    assert [span["description"] for span in spans] == [
        "GET https://api.telegram.org/bot[REDACTED]/getMe",
        "connect postgresql://app:[REDACTED]@db/app",
    ]
