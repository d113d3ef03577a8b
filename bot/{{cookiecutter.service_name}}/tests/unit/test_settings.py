import pytest
from pydantic import AnyHttpUrl, SecretStr

from {{ cookiecutter.service_name }}.core.config import SettingsError
from {{ cookiecutter.service_name }}.core.settings import load_settings

from tests.fake_telegram import TOKEN


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)

    settings = load_settings()

    assert settings.bot_token == SecretStr(TOKEN)
    assert str(settings.telegram_api_url) == "https://api.telegram.org/"
    assert settings.business_api_url == AnyHttpUrl("{{ cookiecutter.business_api_url }}")
    assert settings.host == "127.0.0.1"
    assert settings.port == 8004
    assert settings.log_level == "INFO"
    assert settings.log_json is True
    assert settings.shutdown_timeout_seconds == 10.0


def test_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_URL", "http://bot-api.internal:8081")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("LOG_JSON", "false")
    monkeypatch.setenv("PORT", "9004")
    monkeypatch.setenv("SHUTDOWN_TIMEOUT_SECONDS", "2.5")

    settings = load_settings()

    assert str(settings.telegram_api_url) == "http://bot-api.internal:8081/"
    assert settings.log_level == "DEBUG"
    assert settings.log_json is False
    assert settings.port == 9004
    assert settings.shutdown_timeout_seconds == 2.5


def test_reads_a_local_env_file(monkeypatch: pytest.MonkeyPatch) -> None:
    with open(".env", "w", encoding="utf-8") as env_file:
        env_file.write(f"BOT_TOKEN={TOKEN}\n")

    assert load_settings().bot_token.get_secret_value() == TOKEN


def test_missing_token_is_named() -> None:
    with pytest.raises(SettingsError, match=r"^BOT_TOKEN is not set$"):
        load_settings()


@pytest.mark.parametrize(
    "token",
    ["not-a-token", "123456:short", "abc:" + "A" * 35, "123456:" + "A" * 34 + " ", "123456"],
)
def test_malformed_token_is_rejected_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch, token: str
) -> None:
    monkeypatch.setenv("BOT_TOKEN", token)

    with pytest.raises(SettingsError, match=r"^BOT_TOKEN: expected") as raised:
        load_settings()
    assert token not in str(raised.value)


def test_every_bad_variable_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_URL", "not a url")
    monkeypatch.setenv("PORT", "70000")
    monkeypatch.setenv("LOG_LEVEL", "loud")
    monkeypatch.setenv("SHUTDOWN_TIMEOUT_SECONDS", "0")

    with pytest.raises(SettingsError) as raised:
        load_settings()
    lines = str(raised.value).splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "PORT",
        "LOG_LEVEL",
        "TELEGRAM_API_URL",
        "SHUTDOWN_TIMEOUT_SECONDS",
    ]
