"""What ``GET /debug`` reports: build info, masked settings, each dependency's status."""

import asyncio
import json
import platform
from typing import Any

import pytest

from {{ cookiecutter.service_name }}.core import debug
from {{ cookiecutter.service_name }}.core.build import build_info
from {{ cookiecutter.service_name }}.core.debug import dependency_status, masked_settings
from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings

DSN = "https://dsn-key@sentry.example.com/1"


def make_settings(**values: Any) -> Settings:
    return Settings(
{%- if cookiecutter._service_type == "bot" %}
        bot_token="123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq",
{%- if cookiecutter.update_mode == "webhook" %}
        webhook_base_url="https://bot.example.com",
        webhook_secret="w" * 32,
{%- endif %}
{%- endif %}
        **values,
    )


def test_build_info_names_the_service_and_the_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_SHA", "0123abc")

    info = build_info()

    assert info["service"] == SERVICE_NAME
    assert info["python"] == platform.python_version()
    assert info["git_sha"] == "0123abc"
    assert info["version"]


def test_settings_are_shown_with_every_secret_masked() -> None:
    settings = make_settings(sentry_dsn=DSN, log_redact_fields="email,phone")

    shown = masked_settings(settings)

    assert shown.keys() == Settings.model_fields.keys()
    assert shown["log_redact_fields"] == "email,phone"
    assert shown["sentry_dsn"] == "[REDACTED]"
    assert "dsn-key" not in json.dumps(shown)
{%- if cookiecutter._service_type == "bot" %}
    assert shown["bot_token"] == "[REDACTED]"
    assert "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq" not in json.dumps(shown)
{%- endif %}


async def test_dependency_status_names_each_dependency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(debug, "CHECK_TIMEOUT_SECONDS", 0.05)

    async def up() -> bool:
        return True

    async def down() -> bool:
        return False

    async def broken() -> bool:
        raise ConnectionError("refused")

    async def hangs() -> bool:
        await asyncio.sleep(60)
        return True

    status = await dependency_status({"up": up, "down": down, "broken": broken, "hangs": hangs})

    assert status == {
        "up": "ok",
        "down": "unavailable",
        "broken": "unavailable",
        "hangs": "unavailable",
    }
