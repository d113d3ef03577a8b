import pytest
from pydantic import HttpUrl, ValidationError

from {{ cookiecutter.service_name }}.core.settings import Settings


def test_defaults_suit_local_development(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOST", "PORT", "DATA_API_URL", "DATA_API_CONNECT_TIMEOUT", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)

    settings = Settings(_env_file=None)

    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.data_api_url == HttpUrl("{{ cookiecutter.data_api_url }}")
    assert settings.data_api_connect_timeout <= 1.0
    assert settings.log_level == "INFO"


def test_environment_variables_override_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATA_API_URL", "http://data.example:9000")
    monkeypatch.setenv("DATA_API_TIMEOUT", "2.5")
    monkeypatch.setenv("LOG_JSON", "false")

    settings = Settings(_env_file=None)

    assert str(settings.data_api_url) == "http://data.example:9000/"
    assert settings.data_api_timeout == 2.5
    assert settings.log_json is False


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATA_API_URL", "not a url"),
        ("DATA_API_CONNECT_TIMEOUT", "2"),
        ("DATA_API_TIMEOUT", "0"),
        ("PORT", "70000"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_invalid_values_are_rejected(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)

    with pytest.raises(ValidationError, match=name.lower()):
        Settings(_env_file=None)
