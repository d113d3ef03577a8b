from collections.abc import AsyncIterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from {{ cookiecutter.service_name }}.infrastructure.db import schema
from {{ cookiecutter.service_name }}.infrastructure.db.models import Base

pytestmark = pytest.mark.integration

TABLES = {"alembic_version", *Base.metadata.tables}


@pytest.fixture
async def engine(postgresql_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(postgresql_url)
    try:
        yield engine
    finally:
        await engine.dispose()


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def differences(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


async def tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return await connection.run_sync(table_names)


async def test_upgrade_downgrade_upgrade(engine: AsyncEngine) -> None:
    assert await tables(engine) == TABLES

    await schema.downgrade(engine)
    assert await tables(engine) == {"alembic_version"}

    await schema.upgrade(engine)
    assert await tables(engine) == TABLES


async def test_the_migrations_match_the_models(engine: AsyncEngine) -> None:
    """What `make revision` would find: nothing."""
    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []
