"""Start-up: ``python -m {{ cookiecutter.service_name }}`` and what it wires together."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import {{ cookiecutter.service_name }}
from {{ cookiecutter.service_name }} import __main__
from {{ cookiecutter.service_name }}.core.settings import Settings

from tests.fake_telegram import TOKEN

SRC = Path({{ cookiecutter.service_name }}.__file__).parent.parent


def start(**variables: str) -> subprocess.CompletedProcess[str]:
    """Run the service as a user would; the bot's variables are cleared by conftest."""
    return subprocess.run(
        [sys.executable, "-m", "{{ cookiecutter.service_name }}"],
        env={**os.environ, "PYTHONPATH": str(SRC), **variables},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({}, "BOT_TOKEN is not set"),
        (
            {"BOT_TOKEN": "123:secret"},
            "BOT_TOKEN: expected '<bot id>:<secret>' as issued by @BotFather",
        ),
    ],
)
def test_bad_token_stops_start_up_with_a_clear_message(
    variables: dict[str, str], message: str
) -> None:
    result = start(**variables)

    assert result.returncode == 1
    assert result.stderr == f"Invalid configuration, the bot was not started:\n{message}\n"
    assert result.stdout == ""


def test_main_exits_with_the_message_instead_of_a_traceback() -> None:
    with pytest.raises(SystemExit, match="BOT_TOKEN is not set"):
        __main__.main()


def test_main_configures_logging_and_runs_the_bot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("LOG_LEVEL", "warning")
    calls: list[object] = []

    async def run(settings: Settings) -> None:
        calls.append(settings)

    monkeypatch.setattr(__main__, "configure_logging", lambda *args: calls.append(args))
    monkeypatch.setattr(__main__, "run", run)

    __main__.main()

    logging_args, settings = calls
    assert logging_args == ("{{ cookiecutter.service_name }}", "WARNING", True)
    assert isinstance(settings, Settings)
    assert settings.bot_token.get_secret_value() == TOKEN
