import pytest

from {{ cookiecutter.service_name }}.core.config import SettingsError
from {{ cookiecutter.service_name }}.core.settings import Settings, load_settings


def test_defaults_follow_the_naming_conventions() -> None:
    settings = Settings()

    assert settings.rabbitmq_exchange == "{{ cookiecutter.service_name.split('_')[0] }}.events"
    assert settings.rabbitmq_queue == "q.{{ cookiecutter.service_name }}.events"
    assert settings.rabbitmq_url == "amqp://guest:guest@localhost:5672/"
    assert str(settings.data_api_url) == "{{ cookiecutter.data_api_url }}/"
    assert (settings.host, settings.port) == ("127.0.0.1", 8003)
    assert settings.retry_delays_seconds == (1.0, 10.0, 60.0)
    assert settings.shutdown_timeout_seconds == 30.0


def test_environment_variables_override_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RABBITMQ_PREFETCH", "50")
    monkeypatch.setenv("RETRY_DELAYS_SECONDS", "[0.5, 2]")
    monkeypatch.setenv("LOG_JSON", "false")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("SHUTDOWN_TIMEOUT_SECONDS", "2.5")

    settings = load_settings()

    assert settings.rabbitmq_prefetch == 50
    assert settings.retry_delays_seconds == (0.5, 2.0)
    assert settings.log_json is False
    assert settings.log_level == "DEBUG"
    assert settings.shutdown_timeout_seconds == 2.5


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("RABBITMQ_PREFETCH", "0"),
        ("RETRY_DELAYS_SECONDS", "[]"),
        ("DATA_API_URL", "not a url"),
        ("DATA_API_RESOURCE", "Items/1"),
        ("PORT", "70000"),
        ("SHUTDOWN_TIMEOUT_SECONDS", "soon"),
        ("LOG_LEVEL", "loud"),
    ],
)
def test_a_bad_variable_is_named_in_the_error(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)

    with pytest.raises(SettingsError, match=f"^{variable}: "):
        load_settings()


def test_production_refuses_the_placeholder_broker_credentials(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")

    with pytest.raises(SettingsError, match=r"^RABBITMQ_URL: .*placeholder"):
        load_settings()

    monkeypatch.setenv("RABBITMQ_URL", "amqp://worker:s3cret@rabbitmq:5672/")
    assert load_settings().environment == "production"
