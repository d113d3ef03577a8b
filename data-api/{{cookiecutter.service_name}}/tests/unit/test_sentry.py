from typing import Any

import pytest
import sentry_sdk

from {{ cookiecutter.service_name }}.core.sentry import init_sentry
from {{ cookiecutter.service_name }}.core.settings import Settings


def test_off_without_a_dsn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentry_sdk, "init", lambda **_: pytest.fail("Sentry started"))

    assert not init_sentry(Settings())
    assert not init_sentry(Settings(sentry_dsn=""))


def test_on_with_a_dsn(monkeypatch: pytest.MonkeyPatch) -> None:
    options: dict[str, Any] = {}
    monkeypatch.setattr(sentry_sdk, "init", lambda **given: options.update(given))
    dsn = "https://key@sentry.example.com/1"

    assert init_sentry(Settings(sentry_dsn=dsn, environment="staging"))
    assert (options["dsn"], options["environment"]) == (dsn, "staging")
    assert options["send_default_pii"] is False
