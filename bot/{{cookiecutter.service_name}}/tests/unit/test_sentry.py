import pytest
import sentry_sdk
from pydantic import SecretStr

from {{ cookiecutter.service_name }}.core import sentry
from {{ cookiecutter.service_name }}.core.settings import Settings


def test_off_without_a_dsn(settings: Settings) -> None:
    assert sentry.init_sentry(settings) is False


def test_on_with_a_dsn(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))
    settings = settings.model_copy(
        update={"sentry_dsn": SecretStr("https://key@sentry.example.com/1")}
    )

    assert sentry.init_sentry(settings) is True
    assert calls == [{"dsn": "https://key@sentry.example.com/1", "send_default_pii": False}]
