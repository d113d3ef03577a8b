{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""The repositories through the ``Database`` port, on SQLite and on PostgreSQL."""

import asyncio
import itertools
import random
from collections.abc import AsyncIterator

import pytest

{{ from_imports({
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain.errors": ["UnavailableError"],
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


@pytest.mark.integration
async def test_connections_go_to_requests_in_the_order_they_asked(postgresql_url: str) -> None:
    """Readers outnumbering the pool's connections, asking at scattered moments: none is
    overtaken by a later one (asyncpg's own queue lets newcomers jump the line)."""
    database = await PostgresDatabase.connect(
        Settings(database_url=postgresql_url, database_pool_min_size=2, database_pool_max_size=2)
    )
    tickets = itertools.count()
    served: list[int] = []
    moments = random.Random(3)

    async def client() -> None:
        for _ in range(25):
            for _ in range(moments.randrange(4)):
                await asyncio.sleep(0)
            ticket = next(tickets)
            async with database.reader() as repository:
                served.append(ticket)
                await repository.get(1)

    try:
        await asyncio.gather(*(client() for _ in range(8)))
    finally:
        await database.close()

    assert len(served) == 200
    assert served == sorted(served)


@pytest.mark.integration
async def test_a_request_waiting_too_long_for_a_connection_is_unavailable(
    postgresql_url: str,
) -> None:
    database = await PostgresDatabase.connect(
        Settings(
            database_url=postgresql_url,
            database_pool_min_size=1,
            database_pool_max_size=1,
            database_pool_timeout_seconds=0.05,
        )
    )
    try:
        async with database.reader():
            with pytest.raises(UnavailableError):
                await database.ping()
        await database.ping()  # the wait that timed out kept no turn
    finally:
        await database.close()
