import pytest

from {{ cookiecutter.service_name }}.core.settings import Settings


def test_defaults_to_an_embedded_sqlite_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)

    settings = Settings(_env_file=None)

    assert settings.database_url == "sqlite+aiosqlite:///./{{ cookiecutter.service_name }}.sqlite3"
    assert settings.port == 8001


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

    assert Settings(_env_file=None).database_url == expected


def test_reads_screaming_snake_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("LOG_JSON", "false")
    monkeypatch.setenv("READY_TIMEOUT_SECONDS", "0.5")

    settings = Settings(_env_file=None)

    assert (settings.log_level, settings.log_json, settings.ready_timeout_seconds) == (
        "DEBUG",
        False,
        0.5,
    )
