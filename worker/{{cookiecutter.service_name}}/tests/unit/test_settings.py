import pytest
from pydantic import ValidationError

from {{ cookiecutter.service_name }}.core.settings import Settings, get_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RABBITMQ_URL", "RABBITMQ_EXCHANGE", "RABBITMQ_QUEUE", "RABBITMQ_PREFETCH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir("/")  # away from a developer's .env


def test_defaults_follow_the_naming_conventions() -> None:
    settings = Settings()

    assert settings.rabbitmq_exchange == "{{ cookiecutter.service_name.split('_')[0] }}.events"
    assert settings.rabbitmq_queue == "q.{{ cookiecutter.service_name }}.events"
    assert settings.rabbitmq_url == "amqp://guest:guest@localhost:5672/"
    assert settings.port == 8003


def test_environment_variables_override_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RABBITMQ_PREFETCH", "50")
    monkeypatch.setenv("LOG_JSON", "false")

    settings = Settings()

    assert settings.rabbitmq_prefetch == 50
    assert settings.log_json is False


def test_invalid_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RABBITMQ_PREFETCH", "0")

    with pytest.raises(ValidationError, match="rabbitmq_prefetch"):
        Settings()


def test_settings_are_read_once() -> None:
    assert get_settings() is get_settings()
