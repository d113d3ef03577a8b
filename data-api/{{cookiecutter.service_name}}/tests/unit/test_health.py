import asyncio
from pathlib import Path

import pytest
from httpx import AsyncClient

from {{ cookiecutter.service_name }}.infrastructure.db.database import SqlAlchemyDatabase

from ..helpers import app_on, serve

NOT_READY = {"status": "unavailable", "checks": {"database": "unavailable"}}


async def test_health(client: AsyncClient) -> None:
    response = await client.get("/health")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_ready_when_the_database_answers(client: AsyncClient) -> None:
    response = await client.get("/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


async def test_not_ready_when_the_database_fails(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = app_on(sqlite_url, log_json=True)
    async with serve(app) as client:
        database: SqlAlchemyDatabase = app.state.database
        await database.engine.dispose()
        (tmp_path / "test.sqlite3").unlink()
        (tmp_path / "test.sqlite3").mkdir()
        response = await client.get("/ready")

    assert (response.status_code, response.json()) == (503, NOT_READY)
    assert '"event": "database.unavailable"' in capsys.readouterr().out


async def test_not_ready_when_the_database_is_too_slow(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def hang(*_: object) -> None:
        await asyncio.sleep(10)

    monkeypatch.setattr(SqlAlchemyDatabase, "ping", hang)
    async with serve(app_on(sqlite_url, ready_timeout_seconds=0.05)) as client:
        response = await client.get("/ready")

    assert (response.status_code, response.json()) == (503, NOT_READY)
