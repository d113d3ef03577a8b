{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""The repositories through the ``Database`` port, on SQLite and on PostgreSQL."""

from collections.abc import AsyncIterator

import pytest

{{ from_imports({
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain." ~ res: [Res ~ "Changes", Res ~ "Draft", Res ~ "Filter", Res ~ "Query"],
    pkg ~ ".infrastructure.db": ["schema"],
    pkg ~ ".infrastructure.db.database": ["PostgresDatabase", "SqlAlchemyDatabase", "open_database"],
}) }}


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[PostgresDatabase | SqlAlchemyDatabase]:
    database = await open_database(Settings(database_url=database_url))
    try:
        if isinstance(database, SqlAlchemyDatabase):
            await schema.upgrade(database.engine)
        yield database
    finally:
        await database.close()


async def test_committed_rows_are_read_back(
    database: PostgresDatabase | SqlAlchemyDatabase,
) -> None:
    async with database.transaction() as uow:
        drafts = [{{ Res }}Draft(f"n{i}", "d") for i in range(3)]
        added = await uow.{{ cookiecutter.resource_plural }}.add(drafts)

    async with database.reader() as repository:
        assert await repository.get(added[0].id) == added[0]
        query = {{ Res }}Query({{ Res }}Filter(), limit=5, offset=1)
        assert await repository.find(query) == added[1:]
        assert await repository.count(query) == 3
    assert added[0].created_at.utcoffset() is not None


async def test_a_rolled_back_transaction_stores_nothing(
    database: PostgresDatabase | SqlAlchemyDatabase,
) -> None:
    with pytest.raises(RuntimeError):
        async with database.transaction() as uow:
            await uow.{{ cookiecutter.resource_plural }}.add([{{ Res }}Draft("gone")])
            raise RuntimeError

    async with database.reader() as repository:
        assert await repository.count({{ Res }}Query({{ Res }}Filter())) == 0


async def test_update_checks_the_version(database: PostgresDatabase | SqlAlchemyDatabase) -> None:
    async with database.transaction() as uow:
        [added] = await uow.{{ cookiecutter.resource_plural }}.add([{{ Res }}Draft("first")])
        changes = {{ Res }}Changes({"description": "new"})

        assert await uow.{{ cookiecutter.resource_plural }}.update(added.id, changes, version=2) is None
        updated = await uow.{{ cookiecutter.resource_plural }}.update(added.id, changes, version=1)

    assert updated is not None
    assert (updated.description, updated.version) == ("new", 2)
    assert updated.updated_at >= added.updated_at


async def test_idempotency_keys_are_claimed_once_and_purged(
    database: PostgresDatabase | SqlAlchemyDatabase,
) -> None:
    async with database.transaction() as uow:
        assert await uow.idempotency.claim("k", "fingerprint") is None
        await uow.idempotency.complete("k", "answer")
    async with database.transaction() as uow:
        assert await uow.idempotency.claim("k", "other") == ("fingerprint", "answer")
        assert await uow.idempotency.purge(older_than_seconds=3600) == 0
        assert await uow.idempotency.purge(older_than_seconds=0) == 1
