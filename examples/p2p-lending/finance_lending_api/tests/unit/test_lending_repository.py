"""Contract tests: the lending client over real HTTP, against canned data-api answers."""

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from finance_lending_api.core.request_id import request_id_var
from finance_lending_api.domain.errors import ConflictError, DataSourceError, RejectedError
from finance_lending_api.domain.lending import (
    LendingNotFoundError,
    LoanApplication,
    RuleRefusedError,
)
from finance_lending_api.infrastructure.lending_repository import DataApiLendingRepository

BORROWER = {
    "id": 1,
    "name": "Ada",
    "kyc_status": "approved",
    "telegram_chat_id": 77,
    "created_at": "2026-01-01T00:00:00Z",
    "loans_total": 2,
    "loans_repaid": 1,
    "active_loans": 1,
    "active_debt": 900,
}
LOAN = {
    "id": 5,
    "borrower_id": 1,
    "purpose": "Car",
    "amount": 1000,
    "term_months": 12,
    "status": "active",
    "funded": 0,
    "score": None,
    "created_at": "2026-01-01T00:00:00Z",
}
INVESTMENT = {
    "id": 9,
    "loan_id": 5,
    "investor_id": 2,
    "amount": 100,
    "created_at": LOAN["created_at"],
}


class CannedDataApi:
    """Answers each ``(method, path)`` with the status and body set for it."""

    def __init__(self) -> None:
        self.url = ""
        self.answers: dict[tuple[str, str], tuple[int, Any]] = {}
        self.requests: list[tuple[str, str, dict[str, str], Any]] = []

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else None
        self.requests.append((request.method, request.path, dict(request.headers), body))
        status, answer = self.answers.get((request.method, request.path), (404, {"detail": "nf"}))
        return web.Response(status=status, text=json.dumps(answer), content_type="application/json")


@pytest.fixture
async def canned() -> AsyncIterator[CannedDataApi]:
    api = CannedDataApi()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", api.handle)
    async with TestServer(app) as server:
        api.url = str(server.make_url(""))
        yield api


@pytest.fixture
async def repository(canned: CannedDataApi) -> AsyncIterator[DataApiLendingRepository]:
    async with aiohttp.ClientSession() as session:
        yield DataApiLendingRepository(session, canned.url, attempts=1)


async def test_reads_borrowers_and_loans(
    canned: CannedDataApi, repository: DataApiLendingRepository
) -> None:
    canned.answers[("GET", "/api/v1/borrowers/1")] = (200, BORROWER)
    canned.answers[("GET", "/api/v1/borrowers/by-telegram/77")] = (200, BORROWER)
    canned.answers[("GET", "/api/v1/loans/5")] = (200, LOAN)
    request_id_var.set("req-lending-1")

    borrower = await repository.borrower(1)
    by_chat = await repository.borrower_by_chat(77)
    loan = await repository.loan(5)

    assert (borrower.kyc_status, borrower.active_debt) == ("approved", 900)
    assert by_chat == borrower
    assert (loan.id, loan.amount, loan.score) == (5, 1000, None)
    assert {headers["X-Request-ID"] for _, _, headers, _ in canned.requests} == {"req-lending-1"}


async def test_writes_send_the_contract_bodies(
    canned: CannedDataApi, repository: DataApiLendingRepository
) -> None:
    canned.answers[("PATCH", "/api/v1/borrowers/1")] = (200, BORROWER)
    canned.answers[("POST", "/api/v1/loans")] = (201, LOAN)
    canned.answers[("POST", "/api/v1/loans/5/investments")] = (201, INVESTMENT)

    await repository.change_borrower(1, {"kyc_status": "approved"})
    await repository.add_loan(LoanApplication(1, "Car", 1000, 12), "key-1")
    investment = await repository.invest(5, 2, 100, "transfer-1")

    patch, apply, invest = canned.requests
    assert patch[3] == {"kyc_status": "approved"}
    assert apply[3] == {"borrower_id": 1, "purpose": "Car", "amount": 1000, "term_months": 12}
    assert apply[2]["Idempotency-Key"] == "key-1"
    assert invest[3] == {"investor_id": 2, "amount": 100}
    assert invest[2]["Idempotency-Key"] == "transfer-1"
    assert (investment.id, investment.amount) == (9, 100)


async def test_a_refusal_keeps_the_rule_the_data_api_named(
    canned: CannedDataApi, repository: DataApiLendingRepository
) -> None:
    refusal = {"detail": "Rule kyc_approved: pending", "rule": "kyc_approved"}
    canned.answers[("POST", "/api/v1/loans")] = (409, refusal)

    with pytest.raises(RuleRefusedError) as raised:
        await repository.add_loan(LoanApplication(1, "Car", 1000, 12))

    assert (raised.value.rule, str(raised.value)) == ("kyc_approved", refusal["detail"])


async def test_other_failures_map_to_domain_errors(
    canned: CannedDataApi, repository: DataApiLendingRepository
) -> None:
    canned.answers[("POST", "/api/v1/loans/5/investments")] = (409, {"detail": "in progress"})
    canned.answers[("POST", "/api/v1/loans")] = (422, {"detail": "bad", "errors": []})
    canned.answers[("GET", "/api/v1/loans/5")] = (200, {"id": "five"})

    with pytest.raises(LendingNotFoundError, match="nf"):
        await repository.borrower(404)
    with pytest.raises(ConflictError):
        await repository.invest(5, 2, 100)
    with pytest.raises(RejectedError):
        await repository.add_loan(LoanApplication(1, "Car", 1000, 12))
    with pytest.raises(DataSourceError, match="malformed"):
        await repository.loan(5)
