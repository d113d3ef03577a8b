"""Races that PostgreSQL must settle: idempotent replays and optimistic concurrency."""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import pytest
from httpx import AsyncClient

from ..helpers import URL, app_on, serve

pytestmark = pytest.mark.integration

CONCURRENCY = 50


@pytest.fixture
async def client(postgresql_url: str) -> AsyncIterator[AsyncClient]:
    """Every request gets a connection, and time enough on a busy machine: the races are
    the subject here, not the capacity."""
    app = app_on(
        postgresql_url,
        database_pool_max_size=CONCURRENCY,
        database_pool_timeout_seconds=60,
        database_connect_timeout_seconds=60,
        database_statement_timeout_seconds=60,
    )
    async with serve(app) as client:
        yield client


async def test_concurrent_replays_of_one_idempotency_key_create_one_row(
    client: AsyncClient,
) -> None:
    headers = {"Idempotency-Key": "one-order"}
    body = {"name": "once", "description": None}

    answers = await asyncio.gather(
        *(client.post(URL, json=body, headers=headers) for _ in range(CONCURRENCY))
    )

    assert {answer.status_code for answer in answers} == {201}
    assert len({answer.json()["id"] for answer in answers}) == 1
    replayed = Counter(answer.headers.get("Idempotent-Replayed") for answer in answers)
    assert replayed == {None: 1, "true": CONCURRENCY - 1}
    assert (await client.get(URL)).json()["total"] == 1


async def test_concurrent_updates_of_one_version_let_exactly_one_win(client: AsyncClient) -> None:
    location = (await client.post(URL, json={"name": "contested"})).headers["Location"]

    answers = await asyncio.gather(
        *(
            client.patch(location, json={"name": f"writer {i}"}, headers={"If-Match": '"1"'})
            for i in range(CONCURRENCY)
        )
    )

    statuses = Counter(answer.status_code for answer in answers)
    assert statuses == {200: 1, 412: CONCURRENCY - 1}
    [winner] = [answer.json() for answer in answers if answer.status_code == 200]
    assert (await client.get(location)).json() == winner
    assert winner["version"] == 2
