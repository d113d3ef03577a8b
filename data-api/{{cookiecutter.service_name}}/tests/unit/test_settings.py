import pytest

from {{ cookiecutter.service_name }}.core.settings import Settings


def test_defaults() -> None:
    settings = Settings()

    assert settings.database_url == "sqlite+aiosqlite:///./{{ cookiecutter.service_name }}.sqlite3"
    assert (settings.host, settings.port, settings.log_level) == ("127.0.0.1", 8001, "INFO")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@db:5432/app", "postgresql+asyncpg://u:p@db:5432/app"),
        ("postgres://u:p@db/app", "postgresql+asyncpg://u:p@db/app"),
        ("postgresql+asyncpg://u@db/app", "postgresql+asyncpg://u@db/app"),
        ("sqlite:///./local.sqlite3", "sqlite+aiosqlite:///./local.sqlite3"),
    ],
)
def test_database_url_gets_an_async_driver(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)

    assert Settings().database_url == expected


def test_reads_screaming_snake_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("LOG_JSON", "false")
    monkeypatch.setenv("READY_TIMEOUT_SECONDS", "0.5")

    settings = Settings()

    assert (settings.log_level, settings.log_json, settings.ready_timeout_seconds) == (
        "DEBUG",
        False,
        0.5,
    )
