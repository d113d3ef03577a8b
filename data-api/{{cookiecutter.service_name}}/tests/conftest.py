"""Fixtures shared by all tests."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from httpx import AsyncClient

from {{ cookiecutter.service_name }}.core.settings import Settings

from tests.helpers import app_on, serve


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings come from the test alone: no variable or ``.env`` file of the developer's."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setitem(Settings.model_config, "env_file", None)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
async def client(sqlite_url: str) -> AsyncIterator[AsyncClient]:
    async with serve(app_on(sqlite_url)) as client:
        yield client
