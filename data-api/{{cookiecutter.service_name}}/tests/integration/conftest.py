"""The databases the integration tests run on: the embedded SQLite file, and a throwaway
PostgreSQL database per test session on the server of ``DATABASE_URL``, emptied after each
test.

Without ``DATABASE_URL`` the PostgreSQL tests skip, except in CI (``CI=true``), where they
fail.
"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest
from httpx import AsyncClient
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.infrastructure.db import schema
from {{ cookiecutter.service_name }}.infrastructure.db.models import Base

from ..helpers import app_on, serve

# Read once, before the fixture of tests/conftest.py clears the settings' variables.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
IN_CI = os.environ.get("CI") == "true"


def server_url() -> str:
    url = DATABASE_URL
    if not url.startswith(("postgresql", "postgres:")):
        message = "set DATABASE_URL to a PostgreSQL server to run the integration tests"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return Settings(_env_file=None, database_url=url).database_url


def plain(url: str) -> str:
    """The URL asyncpg itself understands."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def execute(url: str, statement: str) -> None:
    connection = await asyncpg.connect(plain(url))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def migrate(url: str) -> None:
    engine = create_async_engine(url)
    try:
        await schema.upgrade(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def postgresql_server_url() -> Iterator[str]:
    """A fresh database, migrated once and dropped after the session."""
    server = server_url()
    name = f"test_{uuid.uuid4().hex[:12]}"
    asyncio.run(execute(server, f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        asyncio.run(migrate(url))
        yield url
    finally:
        asyncio.run(execute(server, f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture
async def postgresql_url(postgresql_server_url: str) -> AsyncIterator[str]:
    """The session's database, emptied after the test."""
    yield postgresql_server_url
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    await execute(postgresql_server_url, f"TRUNCATE {tables} RESTART IDENTITY")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def database_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    """Each test that uses it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return sqlite_url
    return str(request.getfixturevalue("postgresql_url"))


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[AsyncClient]:
    async with serve(app_on(database_url)) as client:
        yield client
