"""Fixtures shared by all tests."""

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import create_async_engine

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.infrastructure.db import schema

from .helpers import app_on, serve


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings come from the test alone: no variable or ``.env`` file of the developer's."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setitem(Settings.model_config, "env_file", None)


async def _migrate(url: str) -> None:
    engine = create_async_engine(url)
    try:
        await schema.upgrade(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated once per session, copied by each test (faster than migrating)."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_sqlite: Path) -> str:
    shutil.copyfile(migrated_sqlite, tmp_path / "test.sqlite3")
    return f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
async def client(sqlite_url: str) -> AsyncIterator[AsyncClient]:
    async with serve(app_on(sqlite_url)) as client:
        yield client
