import pytest
import sentry_sdk

from {{ cookiecutter.service_name }}.core import sentry


def test_sentry_stays_off_without_a_dsn() -> None:
    assert not sentry.init_sentry(None, environment="development")
    assert not sentry.init_sentry("", environment="development")


def test_a_dsn_starts_the_sdk(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))

    assert sentry.init_sentry("https://key@sentry.example.com/1", environment="production")

    [options] = calls
    assert options["dsn"] == "https://key@sentry.example.com/1"
    assert options["environment"] == "production"
    assert options["send_default_pii"] is False
