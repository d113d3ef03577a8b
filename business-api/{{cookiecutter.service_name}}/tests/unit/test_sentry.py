"""The Sentry hook starts only when ``SENTRY_DSN`` is set."""

from typing import Any

import pytest
import sentry_sdk

from {{ cookiecutter.service_name }}.core.sentry import init_sentry
from {{ cookiecutter.service_name }}.core.settings import Settings


def test_sentry_stays_off_without_a_dsn(settings: Settings) -> None:
    assert init_sentry(settings) is False


def test_sentry_starts_with_a_dsn(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))
    settings = settings.model_copy(update={"sentry_dsn": "https://key@sentry.example/1"})

    assert init_sentry(settings) is True
    [options] = calls
    assert options["dsn"] == "https://key@sentry.example/1"
    assert options["send_default_pii"] is False
