"""A throwaway PostgreSQL database per test session, on the server of ``DATABASE_URL``.

Without ``DATABASE_URL`` the integration tests skip, except in CI (``CI=true``), where
they fail.
"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.infrastructure.db import schema
from {{ cookiecutter.service_name }}.infrastructure.db.engine import create_engine
from {{ cookiecutter.service_name }}.infrastructure.db.models import Base

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


async def _execute(url: str, statement: str) -> None:
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(plain)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """The URL of a fresh, empty database, dropped after the session."""
    server = server_url()
    name = f"test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_execute(server, f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_execute(server, f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the migrated database; the tables are emptied after each test."""
    engine = create_engine(database_url)
    try:
        await schema.upgrade(engine)
        yield engine
        tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
        async with engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY"))
    finally:
        await engine.dispose()
