{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
import base64
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

{{ from_imports({
    pkg ~ ".application": ["cursor"],
    pkg ~ ".application." ~ res ~ "_service": [Res ~ "Service", "query_after"],
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain.errors": ["InvalidCursorError", Res ~ "NotFoundError", "StaleVersionError"],
    pkg ~ ".domain." ~ res: [Res ~ "Changes", Res ~ "Draft", Res ~ "Filter"],
    pkg ~ ".infrastructure.db": ["schema"],
    pkg ~ ".infrastructure.db.database": ["SqlAlchemyDatabase", "open_database"],
}) }}


@pytest.fixture
async def service(sqlite_url: str) -> AsyncIterator[{{ Res }}Service]:
    database = await open_database(Settings(database_url=sqlite_url))
    assert isinstance(database, SqlAlchemyDatabase)
    try:
        await schema.upgrade(database.engine)
        yield {{ Res }}Service(database)
    finally:
        await database.close()


def raw(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


def test_a_cursor_carries_the_query() -> None:
    after = datetime(2026, 1, 2, tzinfo=UTC)
    payload = {"sort": "-created_at", "after": [after.isoformat(), 7], "name_contains": "x"}

    query = query_after(cursor.encode(payload), limit=10)

    assert (query.sort, query.after) == ("-created_at", (after, 7))
    assert (query.limit, query.offset) == (10, None)
    assert query.filter == {{ Res }}Filter(name_contains="x")


@pytest.mark.parametrize(
    "text",
    [
        "%%%",
        raw([1]),
        raw({"after": ["a", 1]}),
        raw({"sort": "colour", "after": ["a", 1]}),
        raw({"sort": "name", "after": [1, 1]}),
        raw({"sort": "id", "after": ["1", 1]}),
        raw({"sort": "name", "after": ["a", "1"]}),
        raw({"sort": "name", "after": ["a"]}),
        raw({"sort": "created_at", "after": ["2026-01-01T00:00:00", 1]}),
        raw({"sort": "created_at", "after": ["yesterday", 1]}),
        raw({"sort": "id", "after": [1, 1], "name": 5}),
        raw({"sort": "id", "after": [1, 2**63]}),
        raw({"sort": "id", "after": [-1, 1]}),
        raw({"sort": "name", "after": ["nul\x00", 1]}),
        raw({"sort": "id", "after": [1, 1], "name_contains": "\ud800"}),
        raw({"sort": "created_at", "after": ["0001-01-01T00:00:00+01:00", 1]}),
    ],
)
def test_a_cursor_we_did_not_issue_is_refused(text: str) -> None:
    with pytest.raises(InvalidCursorError):
        query_after(text, limit=10)


async def test_missing_{{ res }}_errors(service: {{ Res }}Service) -> None:
    with pytest.raises({{ Res }}NotFoundError, match="404"):
        await service.get(404)
    with pytest.raises({{ Res }}NotFoundError):
        await service.update(404, {{ Res }}Changes({"name": "x"}), version=1)
    with pytest.raises({{ Res }}NotFoundError):
        await service.delete(404)


async def test_stale_versions_are_refused(service: {{ Res }}Service) -> None:
    created = (await service.create({{ Res }}Draft("x"))).{{ res }}

    with pytest.raises(StaleVersionError, match="current version is 1"):
        await service.update(created.id, {{ Res }}Changes({"name": "y"}), version=3)
    with pytest.raises(StaleVersionError):
        await service.delete(created.id, version=2)


async def test_purge_forgets_old_idempotency_keys(service: {{ Res }}Service) -> None:
    await service.create({{ Res }}Draft("x"), idempotency_key="k")

    assert await service.purge_idempotency_keys(older_than_seconds=3600) == 0
    assert await service.purge_idempotency_keys(older_than_seconds=0) == 1
    assert not (await service.create({{ Res }}Draft("x"), idempotency_key="k")).replayed
