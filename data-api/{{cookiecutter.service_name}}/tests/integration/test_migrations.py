import pytest
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from {{ cookiecutter.service_name }}.infrastructure.db import schema

pytestmark = pytest.mark.integration


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return await connection.run_sync(table_names)


async def test_upgrade_downgrade_upgrade(engine: AsyncEngine) -> None:
    assert await tables(engine) == {"alembic_version", "{{ cookiecutter.resource_plural }}"}

    await schema.downgrade(engine)
    assert await tables(engine) == {"alembic_version"}

    await schema.upgrade(engine)
    assert await tables(engine) == {"alembic_version", "{{ cookiecutter.resource_plural }}"}
