"""Start-up: ``python -m {{ cookiecutter.service_name }}`` and what it wires together."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import {{ cookiecutter.service_name }}
from {{ cookiecutter.service_name }} import __main__
from {{ cookiecutter.service_name }}.core.settings import Settings

{% if cookiecutter.update_mode == "webhook" -%}
from tests.conftest import WEBHOOK_SECRET
{% endif -%}
from tests.fake_telegram import TOKEN

SRC = Path({{ cookiecutter.service_name }}.__file__).parent.parent


def test_missing_token_stops_start_up_with_a_clear_message() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "{{ cookiecutter.service_name }}"],
        env={**os.environ, "PYTHONPATH": str(SRC)},  # conftest cleared the bot's variables
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Invalid configuration, the bot was not started:",
        "BOT_TOKEN is not set",
        {%- if cookiecutter.update_mode == "webhook" %}
        "WEBHOOK_BASE_URL is not set",
        "WEBHOOK_SECRET is not set",
        {%- endif %}
    ]
    assert result.stdout == ""


def test_malformed_token_exits_with_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123:secret")

    with pytest.raises(SystemExit, match="BOT_TOKEN: expected '<bot id>:<secret>'"):
        __main__.main()


def test_main_configures_logging_and_runs_the_bot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    {%- if cookiecutter.update_mode == "webhook" %}
    monkeypatch.setenv("WEBHOOK_BASE_URL", "https://bot.example.com")
    monkeypatch.setenv("WEBHOOK_SECRET", WEBHOOK_SECRET)
    {%- endif %}
    monkeypatch.setenv("LOG_LEVEL", "warning")
    calls: list[object] = []

    async def run(settings: Settings) -> None:
        calls.append(settings)

    monkeypatch.setattr(__main__, "configure_logging", lambda *args: calls.append(args))
    monkeypatch.setattr(__main__, "run", run)

    __main__.main()

    logging_args, settings = calls
    assert logging_args == ("{{ cookiecutter.service_name }}", "WARNING", True, "email,phone")
    assert isinstance(settings, Settings)
    assert settings.bot_token.get_secret_value() == TOKEN
