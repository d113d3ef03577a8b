import pytest
from pydantic import HttpUrl, ValidationError

from {{ cookiecutter.service_name }}.core.settings import Settings


def test_defaults_without_any_variable() -> None:
    settings = Settings()

    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert (settings.log_level, settings.log_json) == ("INFO", True)
    assert settings.data_api_url == HttpUrl("{{ cookiecutter.data_api_url }}")
    assert settings.data_api_connect_timeout_seconds <= 1.0


def test_environment_variables_override_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATA_API_URL", "http://data.example:9000")
    monkeypatch.setenv("DATA_API_TIMEOUT_SECONDS", "2.5")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("LOG_JSON", "false")

    settings = Settings()

    assert str(settings.data_api_url) == "http://data.example:9000/"
    assert settings.data_api_timeout_seconds == 2.5
    assert settings.log_level == "DEBUG"
    assert settings.log_json is False


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATA_API_URL", "not a url"),
        ("DATA_API_CONNECT_TIMEOUT_SECONDS", "2"),
        ("DATA_API_TIMEOUT_SECONDS", "0"),
        ("DATA_API_ATTEMPTS", "4"),
        ("PORT", "70000"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_invalid_values_are_rejected(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)

    with pytest.raises(ValidationError, match=name.lower()):
        Settings()
