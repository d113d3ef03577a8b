import json

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from {{ cookiecutter.service_name }}.infrastructure.db.models import AUDIT_LOG

from ..helpers import URL, app_on, serve

KEY = "k" * 32


async def audit_rows(database_url: str) -> list[dict[str, object]]:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            result = await connection.execute(select(AUDIT_LOG).order_by(AUDIT_LOG.c.id))
            return [dict(row) for row in result.mappings()]
    finally:
        await engine.dispose()


async def test_every_write_is_audited_with_its_caller_and_request(database_url: str) -> None:
    headers = {"X-API-Key": KEY, "X-Request-ID": "req-42"}
    async with serve(app_on(database_url, api_keys=f"billing:{KEY}")) as client:
        created = (await client.post(URL, json={"name": "a"}, headers=headers)).json()
        location = f"{URL}/{created['id']}"
        await client.post(f"{URL}/bulk", json={"items": [{"name": "b"}]}, headers=headers)
        patch_headers = {**headers, "If-Match": '"1"'}
        await client.patch(location, json={"name": "renamed"}, headers=patch_headers)
        await client.delete(location, headers=headers)
        rejected = await client.patch(location, json={"name": "x"}, headers=patch_headers)

    rows = await audit_rows(database_url)
    assert rejected.status_code == 404
    assert [(row["action"], row["resource_id"]) for row in rows] == [
        ("create", created["id"]),
        ("create", created["id"] + 1),
        ("update", created["id"]),
        ("delete", created["id"]),
    ]
    assert {(row["actor"], row["request_id"], row["resource"]) for row in rows} == {
        ("billing", "req-42", "{{ cookiecutter.resource_plural }}")
    }
    assert json.loads(str(rows[2]["changes"])) == {"name": "renamed"}


async def test_a_failed_write_leaves_no_audit_entry(client: AsyncClient, database_url: str) -> None:
    await client.post(f"{URL}/bulk", json={"items": [{"name": "ok"}, {"name": ""}]})
    await client.patch(f"{URL}/1", json={"name": "x"}, headers={"If-Match": '"1"'})

    assert await audit_rows(database_url) == []
