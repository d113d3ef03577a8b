"""Races PostgreSQL settles for lending: over-funding a loan, the last free loan place."""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import pytest
from httpx import AsyncClient

from ..helpers import app_on, serve
from .test_lending_api import LOANS, application, loan, user

pytestmark = pytest.mark.integration

CONCURRENCY = 30


@pytest.fixture
async def client(postgresql_url: str) -> AsyncIterator[AsyncClient]:
    app = app_on(
        postgresql_url,
        database_pool_max_size=CONCURRENCY,
        database_pool_timeout_seconds=60,
        database_statement_timeout_seconds=60,
    )
    async with serve(app) as client:
        yield client


async def test_concurrent_investments_never_fund_beyond_the_amount(client: AsyncClient) -> None:
    loan_id = (await loan(client, await user(client), amount=1000))["id"]
    investor_id = await user(client, kyc=None)
    body = {"investor_id": investor_id, "amount": 100}  # 30 x 10 % of the amount

    answers = await asyncio.gather(
        *(client.post(f"{LOANS}/{loan_id}/investments", json=body) for _ in range(CONCURRENCY))
    )

    assert Counter(answer.status_code for answer in answers) == {201: 10, 409: 20}
    assert (await client.get(f"{LOANS}/{loan_id}")).json()["funded"] == 1000


async def test_concurrent_applications_take_at_most_the_free_places(client: AsyncClient) -> None:
    borrower_id = await user(client)
    await loan(client, borrower_id)

    answers = await asyncio.gather(
        *(client.post(LOANS, json=application(borrower_id)) for _ in range(10))
    )

    assert Counter(answer.status_code for answer in answers) == {201: 2, 409: 8}
    borrower = (await client.get(f"/api/v1/borrowers/{borrower_id}")).json()
    assert borrower["active_loans"] == 3
