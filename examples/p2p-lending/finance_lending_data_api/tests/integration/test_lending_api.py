"""The lending contract: borrowers, loan applications and their rules, investments, scores;
on SQLite and on PostgreSQL."""

from typing import Any

from httpx import AsyncClient

from ..helpers import URL
from .test_api import is_problem

BORROWERS = "/api/v1/borrowers"
LOANS = "/api/v1/loans"


async def user(client: AsyncClient, kyc: str | None = "approved", chat: int | None = None) -> int:
    created = await client.post(URL, json={"name": "Ada Borrower"})
    user_id: int = created.json()["id"]
    changes: dict[str, Any] = {"telegram_chat_id": chat} if chat is not None else {}
    if kyc is not None:
        changes["kyc_status"] = kyc
    if changes:
        changed = await client.patch(f"{BORROWERS}/{user_id}", json=changes)
        assert changed.status_code == 200, changed.text
    return user_id


def application(borrower_id: int, **fields: Any) -> dict[str, Any]:
    body = {"borrower_id": borrower_id, "purpose": "New roof", "amount": 1000, "term_months": 12}
    return body | fields


async def loan(client: AsyncClient, borrower_id: int, amount: int = 1000) -> dict[str, Any]:
    response = await client.post(LOANS, json=application(borrower_id, amount=amount))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_new_user_is_a_pending_borrower_without_history(client: AsyncClient) -> None:
    user_id = await user(client, kyc=None)

    body = (await client.get(f"{BORROWERS}/{user_id}")).json()

    assert body["kyc_status"] == "pending"
    assert (body["loans_total"], body["active_loans"], body["active_debt"]) == (0, 0, 0)
    assert body["telegram_chat_id"] is None


async def test_an_approved_borrower_applies_and_the_loan_is_stored(client: AsyncClient) -> None:
    borrower_id = await user(client)

    response = await client.post(LOANS, json=application(borrower_id, purpose=" Car "))

    assert response.status_code == 201
    body = response.json()
    assert response.headers["Location"] == f"{LOANS}/{body['id']}"
    assert body["purpose"] == "Car"
    assert (body["amount"], body["term_months"], body["status"]) == (1000, 12, "active")
    assert (body["funded"], body["score"]) == (0, None)
    assert (await client.get(f"{LOANS}/{body['id']}")).json() == body
    history = (await client.get(f"{BORROWERS}/{borrower_id}")).json()
    assert (history["loans_total"], history["active_loans"], history["active_debt"]) == (
        1,
        1,
        1000,
    )


async def test_kyc_must_be_approved_before_applying(client: AsyncClient) -> None:
    for status in ("pending", "rejected"):
        borrower_id = await user(client, kyc=status)

        body = is_problem(await client.post(LOANS, json=application(borrower_id)), 409)

        assert body["rule"] == "kyc_approved"
        assert status in body["detail"]


async def test_a_fourth_active_loan_is_refused(client: AsyncClient) -> None:
    borrower_id = await user(client)
    for _ in range(3):
        await loan(client, borrower_id)

    body = is_problem(await client.post(LOANS, json=application(borrower_id)), 409)

    assert body["rule"] == "max_active_loans"


async def test_amount_and_term_outside_the_rules_are_422(client: AsyncClient) -> None:
    borrower_id = await user(client)
    broken = [("amount", 99), ("amount", 50_001), ("term_months", 0), ("term_months", 61)]
    for field, value in broken:
        answer = await client.post(LOANS, json=application(borrower_id, **{field: value}))

        body = is_problem(answer, 422)

        assert body["errors"][0]["loc"] == ["body", field]


async def test_unknown_borrower_and_loan_are_404(client: AsyncClient) -> None:
    is_problem(await client.post(LOANS, json=application(10**9)), 404)
    is_problem(await client.get(f"{LOANS}/{10**9}"), 404)
    is_problem(await client.get(f"{BORROWERS}/{10**9}"), 404)
    is_problem(await client.patch(f"{BORROWERS}/{10**9}", json={"kyc_status": "approved"}), 404)
    body = is_problem(await client.get(f"{BORROWERS}/by-telegram/42"), 404)
    assert "42" in body["detail"]


async def test_a_borrower_is_found_by_telegram_chat_and_a_chat_links_one_user(
    client: AsyncClient,
) -> None:
    borrower_id = await user(client, chat=4242)
    other = await user(client)

    found = (await client.get(f"{BORROWERS}/by-telegram/4242")).json()
    taken = await client.patch(f"{BORROWERS}/{other}", json={"telegram_chat_id": 4242})

    assert found["id"] == borrower_id
    assert is_problem(taken, 409)["rule"] == "one_user_per_chat"


async def test_a_borrower_update_needs_a_field_and_a_known_status(client: AsyncClient) -> None:
    borrower_id = await user(client)

    for body in ({}, {"kyc_status": None}, {"kyc_status": "maybe"}, {"other": 1}):
        is_problem(await client.patch(f"{BORROWERS}/{borrower_id}", json=body), 422)


async def test_investments_fund_a_loan_up_to_its_amount(client: AsyncClient) -> None:
    borrower_id = await user(client)
    investor_id = await user(client, kyc=None)
    loan_id = (await loan(client, borrower_id, amount=500))["id"]
    url = f"{LOANS}/{loan_id}/investments"

    first = await client.post(url, json={"investor_id": investor_id, "amount": 300})
    too_much = await client.post(url, json={"investor_id": investor_id, "amount": 201})
    rest = await client.post(url, json={"investor_id": investor_id, "amount": 200})

    assert first.status_code == 201
    assert (first.json()["loan_id"], first.json()["amount"]) == (loan_id, 300)
    body = is_problem(too_much, 409)
    assert body["rule"] == "funding_limit"
    assert "200 EUR" in body["detail"]
    assert rest.status_code == 201
    assert (await client.get(f"{LOANS}/{loan_id}")).json()["funded"] == 500


async def test_investing_in_a_missing_loan_or_as_a_missing_investor_is_404(
    client: AsyncClient,
) -> None:
    borrower_id = await user(client)
    loan_id = (await loan(client, borrower_id))["id"]

    missing_loan = f"{LOANS}/{10**9}/investments"
    is_problem(await client.post(missing_loan, json={"investor_id": borrower_id, "amount": 1}), 404)
    own = f"{LOANS}/{loan_id}/investments"
    is_problem(await client.post(own, json={"investor_id": 10**9, "amount": 1}), 404)
    is_problem(await client.post(own, json={"investor_id": borrower_id, "amount": 0}), 422)


async def test_a_score_is_recorded_once_and_replays_answer_the_first_result(
    client: AsyncClient,
) -> None:
    loan_id = (await loan(client, await user(client)))["id"]
    event = {"Idempotency-Key": "event-1"}
    score = {"loan_id": loan_id, "score": 700}

    first = await client.post("/api/v1/scores", json=score, headers=event)
    replay = await client.post("/api/v1/scores", json=score, headers=event)
    other_event = await client.post(
        "/api/v1/scores", json={"loan_id": loan_id, "score": 650}, headers={"Idempotency-Key": "e2"}
    )
    reused_key = await client.post(
        "/api/v1/scores", json={"loan_id": loan_id, "score": 651}, headers=event
    )

    assert first.status_code == 201
    assert first.json()["score"] == 700
    assert "Idempotent-Replayed" not in first.headers
    assert (replay.status_code, replay.headers["Idempotent-Replayed"]) == (201, "true")
    assert replay.json() == first.json()
    assert is_problem(other_event, 409)["rule"] == "scored_once"
    is_problem(reused_key, 422)
    assert (await client.get(f"{LOANS}/{loan_id}")).json()["score"] == 700


async def test_a_score_needs_a_key_a_known_loan_and_a_valid_value(client: AsyncClient) -> None:
    loan_id = (await loan(client, await user(client)))["id"]
    key = {"Idempotency-Key": "k"}

    is_problem(await client.post("/api/v1/scores", json={"loan_id": loan_id, "score": 700}), 428)
    missing = {"loan_id": 10**9, "score": 700}
    is_problem(await client.post("/api/v1/scores", json=missing, headers=key), 404)
    too_high = {"loan_id": loan_id, "score": 851}
    is_problem(await client.post("/api/v1/scores", json=too_high, headers=key), 422)


async def test_an_application_replayed_with_its_key_creates_one_loan(client: AsyncClient) -> None:
    borrower_id = await user(client)
    key = {"Idempotency-Key": "dialogue-1"}

    first = await client.post(LOANS, json=application(borrower_id), headers=key)
    again = await client.post(LOANS, json=application(borrower_id), headers=key)
    other_body = await client.post(LOANS, json=application(borrower_id, amount=200), headers=key)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    is_problem(other_body, 422)
    assert (await client.get(f"{BORROWERS}/{borrower_id}")).json()["active_loans"] == 1


async def test_an_investment_replayed_with_its_key_moves_money_once(client: AsyncClient) -> None:
    loan_id = (await loan(client, await user(client), amount=500))["id"]
    investor_id = await user(client, kyc=None)
    url = f"{LOANS}/{loan_id}/investments"
    key = {"Idempotency-Key": "transfer-1"}

    first = await client.post(url, json={"investor_id": investor_id, "amount": 100}, headers=key)
    again = await client.post(url, json={"investor_id": investor_id, "amount": 100}, headers=key)
    other = await client.post(url, json={"investor_id": investor_id, "amount": 200}, headers=key)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    is_problem(other, 422)
    assert (await client.get(f"{LOANS}/{loan_id}")).json()["funded"] == 100
