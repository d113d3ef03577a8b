import pytest
from pydantic import AnyHttpUrl, SecretStr

from {{ cookiecutter.service_name }}.core.config import SettingsError
from {{ cookiecutter.service_name }}.core.settings import load_settings

{% if cookiecutter.update_mode == "webhook" -%}
from tests.conftest import WEBHOOK_SECRET
{% endif -%}
from tests.fake_telegram import TOKEN


@pytest.fixture
def required(monkeypatch: pytest.MonkeyPatch) -> None:
    """The variables without a default."""
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    {%- if cookiecutter.update_mode == "webhook" %}
    monkeypatch.setenv("WEBHOOK_BASE_URL", "https://bot.example.com")
    monkeypatch.setenv("WEBHOOK_SECRET", WEBHOOK_SECRET)
    {%- endif %}


@pytest.mark.usefixtures("required")
def test_defaults() -> None:
    settings = load_settings()

    assert settings.bot_token == SecretStr(TOKEN)
    assert str(settings.telegram_api_url) == "https://api.telegram.org/"
    assert settings.business_api_url == AnyHttpUrl("{{ cookiecutter.business_api_url }}")
    assert settings.business_api_timeout_seconds == 5.0
    assert settings.host == "127.0.0.1"
    assert settings.port == 8004
    assert settings.log_level == "INFO"
    assert settings.log_json is True
    assert settings.shutdown_timeout_seconds == 10.0
    assert (settings.throttle_limit, settings.throttle_window_seconds) == (20, 10.0)
    {%- if cookiecutter.__use_redis == "yes" %}
    assert str(settings.redis_url) == "redis://localhost:6379/0"
    {%- endif %}
    {%- if cookiecutter.maturity_level | int >= 2 %}
    assert settings.sentry_dsn is None
    {%- endif %}
    {%- if cookiecutter.maturity_level | int >= 4 %}
    assert settings.otel_exporter_otlp_endpoint is None
    {%- endif %}


@pytest.mark.usefixtures("required")
def test_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_API_URL", "http://bot-api.internal:8081")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("LOG_JSON", "false")
    monkeypatch.setenv("PORT", "9004")
    monkeypatch.setenv("SHUTDOWN_TIMEOUT_SECONDS", "2.5")
    monkeypatch.setenv("THROTTLE_LIMIT", "5")

    settings = load_settings()

    assert str(settings.telegram_api_url) == "http://bot-api.internal:8081/"
    assert settings.log_level == "DEBUG"
    assert settings.log_json is False
    assert settings.port == 9004
    assert settings.shutdown_timeout_seconds == 2.5
    assert settings.throttle_limit == 5


@pytest.mark.usefixtures("required")
def test_reads_a_local_env_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOT_TOKEN")
    with open(".env", "w", encoding="utf-8") as env_file:
        env_file.write(f"BOT_TOKEN={TOKEN}\n")

    assert load_settings().bot_token.get_secret_value() == TOKEN


def test_missing_variables_are_named() -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value).splitlines() == [
        "BOT_TOKEN is not set",
        {%- if cookiecutter.update_mode == "webhook" %}
        "WEBHOOK_BASE_URL is not set",
        "WEBHOOK_SECRET is not set",
        {%- endif %}
    ]


@pytest.mark.usefixtures("required")
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
{%- if cookiecutter.update_mode == "webhook" %}


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("secret", ["short", "has spaces in it but is long enough to pass 32"])
def test_a_weak_or_invalid_webhook_secret_is_rejected(
    monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("WEBHOOK_SECRET", secret)

    with pytest.raises(SettingsError, match=r"^WEBHOOK_SECRET: expected 32 to 256") as raised:
        load_settings()
    assert secret not in str(raised.value)
{%- endif %}


@pytest.mark.usefixtures("required")
def test_every_bad_variable_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_API_URL", "not a url")
    monkeypatch.setenv("PORT", "70000")
    monkeypatch.setenv("LOG_LEVEL", "loud")
    monkeypatch.setenv("SHUTDOWN_TIMEOUT_SECONDS", "0")
    monkeypatch.setenv("THROTTLE_LIMIT", "0")

    with pytest.raises(SettingsError) as raised:
        load_settings()
    lines = str(raised.value).splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "PORT",
        "LOG_LEVEL",
        "TELEGRAM_API_URL",
        "SHUTDOWN_TIMEOUT_SECONDS",
        "THROTTLE_LIMIT",
    ]
