from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect

from {{ cookiecutter.service_name }}.infrastructure.db.models import Base
from {{ cookiecutter.service_name }}.infrastructure.db.schema import alembic_config

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def tables(sqlite_path: Path) -> set[str]:
    engine = create_engine(f"sqlite:///{sqlite_path}")
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_alembic_cli_config_upgrades_and_downgrades(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `make migrate` runs: the [tool.alembic] config and DATABASE_URL."""
    database = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    config = Config(toml_file=PYPROJECT)

    command.upgrade(config, "head")
    assert tables(database) == {"alembic_version", *Base.metadata.tables}

    command.downgrade(config, "base")
    assert tables(database) == {"alembic_version"}


def test_offline_mode_writes_the_sql(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://offline/only")

    command.upgrade(alembic_config(), "head", sql=True)

    assert "CREATE TABLE {{ cookiecutter.resource_plural }}" in capsys.readouterr().out


def test_a_bad_variable_stops_before_migrating(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READY_TIMEOUT_SECONDS", "soon")

    with pytest.raises(SystemExit, match="READY_TIMEOUT_SECONDS"):
        command.upgrade(alembic_config(), "head")
