"""Lending use cases and their HTTP layer, with the data-api replaced by an in-memory fake."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from finance_lending_api.application.lending_service import LendingService
from finance_lending_api.core.settings import Settings
from finance_lending_api.domain.errors import EventPublishError
from finance_lending_api.domain.events import LoanCreated
from finance_lending_api.domain.lending import LoanApplication, LoanRuleError, check_application
from finance_lending_api.infrastructure.events import envelope
from finance_lending_api.main import create_app

from ..fakes import RecordingPublisher
from ..lending_fakes import InMemoryLendingRepository

APPROVED, PENDING, INVESTOR = 1, 2, 3


@pytest.fixture
def repository() -> InMemoryLendingRepository:
    repository = InMemoryLendingRepository()
    repository.add_borrower(APPROVED, chat=777)
    repository.add_borrower(PENDING, kyc_status="pending")
    repository.add_borrower(INVESTOR)
    return repository


@pytest.fixture
def events() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
async def client(
    settings: Settings, repository: InMemoryLendingRepository, events: RecordingPublisher
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    app.state.lending_repository = repository
    app.state.event_publisher = events
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield client


def application(**fields: Any) -> dict[str, Any]:
    body = {"borrower_id": APPROVED, "purpose": "Car", "amount": 5000, "term_months": 24}
    return body | fields


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize(
    ("amount", "term", "rule"),
    [
        (99, 12, "amount_range"),
        (50_001, 12, "amount_range"),
        (100, 0, "term_range"),
        (100, 61, "term_range"),
    ],
)
def test_amount_and_term_outside_the_limits_break_a_named_rule(
    amount: int, term: int, rule: str
) -> None:
    with pytest.raises(LoanRuleError) as raised:
        check_application(LoanApplication(1, "Car", amount, term))

    assert raised.value.rule == rule


@pytest.mark.parametrize(("amount", "term"), [(100, 1), (50_000, 60)])
def test_the_limits_themselves_are_allowed(amount: int, term: int) -> None:
    check_application(LoanApplication(1, "Car", amount, term))


async def test_an_application_is_stored_and_announced(
    client: httpx.AsyncClient, events: RecordingPublisher
) -> None:
    response = await client.post("/api/v1/loans", json=application(purpose=" Car "))

    assert response.status_code == 201
    loan = response.json()
    assert response.headers["Location"] == f"/api/v1/loans/{loan['id']}"
    assert (loan["purpose"], loan["amount"], loan["score"]) == ("Car", 5000, None)
    [event] = events.events
    assert isinstance(event, LoanCreated)
    assert event.loan.id == loan["id"]
    assert (await client.get(response.headers["Location"])).json() == loan


async def test_the_loan_created_envelope_carries_the_loan_and_a_stable_event_id(
    client: httpx.AsyncClient, events: RecordingPublisher
) -> None:
    await client.post("/api/v1/loans", json=application())
    [event] = events.events

    first, again = envelope(event), envelope(event)

    assert first["event_type"] == "loan.created"
    assert first["event_id"] == again["event_id"]
    assert first["payload"]["borrower_id"] == APPROVED
    assert first["payload"]["amount"] == 5000


async def test_a_broken_amount_rule_is_a_422_naming_it_and_nothing_is_announced(
    client: httpx.AsyncClient, events: RecordingPublisher
) -> None:
    body = problem(await client.post("/api/v1/loans", json=application(amount=50)), 422)

    assert body["rule"] == "amount_range"
    assert body["errors"][0]["loc"] == ["body", "amount"]
    assert events.events == []


async def test_stored_rules_are_409_naming_the_rule(client: httpx.AsyncClient) -> None:
    pending = await client.post("/api/v1/loans", json=application(borrower_id=PENDING))
    for _ in range(3):
        await client.post("/api/v1/loans", json=application())
    fourth = await client.post("/api/v1/loans", json=application())

    assert problem(pending, 409)["rule"] == "kyc_approved"
    assert problem(fourth, 409)["rule"] == "max_active_loans"


async def test_unknown_borrower_or_loan_is_404(client: httpx.AsyncClient) -> None:
    problem(await client.get("/api/v1/borrowers/99"), 404)
    problem(await client.get("/api/v1/loans/99"), 404)
    problem(await client.post("/api/v1/loans", json=application(borrower_id=99)), 404)


async def test_kyc_verdict_and_chat_lookup(client: httpx.AsyncClient) -> None:
    changed = await client.patch(f"/api/v1/borrowers/{PENDING}", json={"kyc_status": "approved"})
    by_chat = await client.get("/api/v1/borrowers/by-telegram/777")

    assert changed.json()["kyc_status"] == "approved"
    assert by_chat.json()["id"] == APPROVED
    assert (await client.get(f"/api/v1/borrowers/{PENDING}")).json() == changed.json()
    for bad in ({}, {"kyc_status": None}, {"kyc_status": "perhaps"}):
        problem(await client.patch(f"/api/v1/borrowers/{PENDING}", json=bad), 422)


async def test_investments_fund_up_to_the_amount(client: httpx.AsyncClient) -> None:
    loan = (await client.post("/api/v1/loans", json=application(amount=1000))).json()
    url = f"/api/v1/loans/{loan['id']}/investments"

    first = await client.post(url, json={"investor_id": INVESTOR, "amount": 600})
    over = await client.post(url, json={"investor_id": INVESTOR, "amount": 500})

    assert (first.status_code, first.json()["amount"]) == (201, 600)
    key = {"Idempotency-Key": "transfer-1"}
    keyed = await client.post(url, json={"investor_id": INVESTOR, "amount": 100}, headers=key)
    replayed = await client.post(url, json={"investor_id": INVESTOR, "amount": 100}, headers=key)
    assert replayed.json() == keyed.json()
    assert problem(over, 409)["rule"] == "funding_limit"
    assert (await client.get(f"/api/v1/loans/{loan['id']}")).json()["funded"] == 700
    problem(await client.post(url, json={"investor_id": INVESTOR, "amount": 0}), 422)


async def test_an_unannounced_application_is_announced_by_its_replay(
    repository: InMemoryLendingRepository, events: RecordingPublisher
) -> None:
    service = LendingService(repository, events)
    events.error = EventPublishError("broker down")

    with pytest.raises(EventPublishError):
        await service.apply(LoanApplication(APPROVED, "Car", 500, 6), "key")
    events.error = None
    loan = await service.apply(LoanApplication(APPROVED, "Car", 500, 6), "key")

    assert [event.loan.id for event in events.events if isinstance(event, LoanCreated)] == [loan.id]
    assert len(repository.loans) == 1
