"""Fixtures shared by the unit tests."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from httpx import AsyncClient

from tests.helpers import app_on, serve


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
async def client(sqlite_url: str) -> AsyncIterator[AsyncClient]:
    async with serve(app_on(sqlite_url)) as client:
        yield client
