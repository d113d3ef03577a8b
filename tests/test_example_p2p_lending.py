"""The P2P lending example (``examples/p2p-lending``) end to end.

Built from today's templates plus the team's patches and files, each service passes its own
checks; then the whole system runs as processes (real PostgreSQL, Redis, RabbitMQ and an
nginx gateway; a fake Telegram Bot API) and borrowers and investors walk through it.
"""

import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from system.example import build
from system.local import LocalSystem
from tests.examples_support import Answer, assert_passes_its_checks, call, eventually, running
from tests.harness import ROOT
from tests.services import Services

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "examples" / "p2p-lending"
DATA_API = "finance_lending_data_api"
API = "finance_lending_api"
WORKER = "finance_scoring_worker"
BOT = "finance_lending_bot"
SERVICES = {DATA_API: "data-api", API: "business-api", WORKER: "worker", BOT: "bot"}
PROBLEM = "application/problem+json"


def refused(answer: Answer, status: int, rule: str) -> None:
    """A Problem Details answer naming the business rule that refused the request."""
    assert answer.status == status, answer.body
    assert answer.headers["Content-Type"] == PROBLEM
    assert answer.body["rule"] == rule
    assert rule in answer.body["detail"]


def is_score_message(text: str, loan_id: int) -> bool:
    """Whether ``text`` is the scoring worker's message about the loan."""
    return f"#{loan_id} for" in text and "has been scored" in text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as a team has it: today's bake, their patches and files."""
    return build(EXAMPLE, tmp_path_factory.mktemp("p2p-lending"))


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_passes_its_own_checks(built: Path, services: Services, name: str) -> None:
    assert_passes_its_checks(SERVICES[name], built / name, services)


class Lending:
    """The running system, seen through its gateway."""

    def __init__(self, system: LocalSystem) -> None:
        self.system = system
        self.gateway = system.gateway_url
        self.investor = self.borrower("Ivy Investor", kyc="approved")

    def post(self, path: str, body: object, headers: dict[str, str] | None = None) -> Answer:
        return call("POST", self.gateway + path, body, headers)

    def get(self, path: str) -> Answer:
        return call("GET", self.gateway + path)

    def borrower(self, name: str, kyc: str, chat_id: int | None = None) -> int:
        """A user registered through the API, with the KYC verdict and chat set."""
        user = self.post("/api/v1/users", {"name": name})
        assert user.status == 201, user.body
        changes: dict[str, object] = {"kyc_status": kyc}
        if chat_id is not None:
            changes["telegram_chat_id"] = chat_id
        changed = call("PATCH", f"{self.gateway}/api/v1/borrowers/{user.body['id']}", changes)
        assert changed.status == 200, changed.body
        assert changed.body["kyc_status"] == kyc
        return int(user.body["id"])

    def apply(
        self, borrower_id: int, amount: int = 1000, term: int = 12, request_id: str | None = None
    ) -> Answer:
        body = {
            "borrower_id": borrower_id,
            "purpose": "Solar",
            "amount": amount,
            "term_months": term,
        }
        headers = {"X-Request-ID": request_id} if request_id else None
        return self.post("/api/v1/loans", body, headers)

    def scored(self, loan_id: int) -> dict[str, Any]:
        """The loan once the scoring worker gave it a score, read through the gateway."""

        def probe() -> dict[str, Any] | None:
            loan = self.get(f"/api/v1/loans/{loan_id}")
            assert loan.status == 200, loan.body
            return loan.body if loan.body["score"] is not None else None

        return eventually(probe, f"a score for loan {loan_id}")

    def notification(self, chat_id: int, loan_id: int) -> str:
        """The scoring worker's message about a loan, recorded by the fake Bot API."""
        bot_api = self.system.bot_api
        return bot_api.wait_for(
            lambda: next(
                (m for m in bot_api.sent_messages(chat_id) if is_score_message(m.text, loan_id)),
                None,
            ),
            15.0,
            f"the score of loan {loan_id} sent to chat {chat_id}",
        ).text

    def logged(self, service: str, request_id: str, **fields: object) -> list[dict[str, Any]]:
        return self.system.wait_for_log(service, request_id=request_id, **fields)


@pytest.fixture(scope="module")
def lending(
    built: Path, services: Services, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Lending]:
    # Thirty investors at once from one address: the API's own per-client limit is for
    # the internet, not for this test.
    env = {API: {"RATE_LIMIT": "1000/second"}}
    with running(built, services, tmp_path_factory.mktemp("logs"), env) as system:
        yield Lending(system)


def test_a_borrower_whose_kyc_is_pending_is_refused(lending: Lending) -> None:
    pending = lending.borrower("Pat Pending", kyc="pending")

    refused(lending.apply(pending), 409, "kyc_approved")
    refused(lending.apply(pending, amount=99), 422, "amount_range")
    refused(lending.apply(pending, term=61), 422, "term_range")
    assert lending.get(f"/api/v1/borrowers/{pending}").body["loans_total"] == 0


def test_an_approved_borrower_applies_is_scored_and_told(lending: Lending) -> None:
    chat_id = 2001
    borrower = lending.borrower("Ada Approved", kyc="approved", chat_id=chat_id)
    request_id = "p2p-journey-apply-1"

    applied = lending.apply(borrower, amount=5000, term=24, request_id=request_id)

    assert applied.status == 201, applied.body
    assert applied.headers["X-Request-ID"] == request_id
    loan = applied.body
    assert (loan["amount"], loan["term_months"], loan["score"]) == (5000, 24, None)
    # loan.created -> the scoring worker -> the data-api (score) and the Bot API (message).
    scored = lending.scored(loan["id"])
    assert 300 <= scored["score"] <= 850
    text = lending.notification(chat_id, loan["id"])
    assert f"scored: {scored['score']}" in text
    # The request ID reached every hop: gateway, business-api, data-api, worker.
    for name in (API, DATA_API, WORKER):
        assert lending.logged(name, request_id), f"{name} logged nothing of {request_id}"
    assert lending.logged("gateway", request_id)
    [worker_scored] = lending.logged(WORKER, request_id, event="loan.scored")
    assert worker_scored["score"] == scored["score"]


def test_the_bot_dialogue_applies_and_the_borrower_is_told_the_score(lending: Lending) -> None:
    chat_id = 2002
    borrower = lending.borrower("Bo Telegram", kyc="approved", chat_id=chat_id)
    bot_api = lending.system.bot_api

    bot_api.push_message(chat_id, "/apply_loan", first_name="Bo")
    bot_api.wait_for_message(chat_id, "How much would you like to borrow")
    bot_api.push_message(chat_id, "2 500", first_name="Bo")
    bot_api.wait_for_message(chat_id, "Over how many months")
    bot_api.push_message(chat_id, "18", first_name="Bo")
    confirm = bot_api.wait_for_message(chat_id, "Apply for a loan of 2,500 EUR over 18 months")
    buttons = [button["callback_data"] for button in confirm.buttons]
    assert buttons == ["loan:confirm", "loan:cancel"]
    bot_api.push_callback(chat_id, "loan:confirm", message_id=1)

    applied = bot_api.wait_for_message(chat_id, "Application #").text
    loan_id = int(applied.split("#", 1)[1].split()[0])
    loan = lending.scored(loan_id)
    assert (loan["borrower_id"], loan["amount"], loan["term_months"]) == (borrower, 2500, 18)
    assert f"scored: {loan['score']}" in lending.notification(chat_id, loan_id)
    # The bot's request ID went with the application through every service.
    [line] = [
        line
        for line in lending.system.log_lines(API)
        if line["event"] == "loan.applied" and line.get("loan_id") == loan_id
    ]
    request_id = line["request_id"]
    for name in (BOT, DATA_API, WORKER):
        assert lending.logged(name, request_id), f"{name} logged nothing of {request_id}"


def test_a_fourth_active_loan_is_refused(lending: Lending) -> None:
    borrower = lending.borrower("Max Three", kyc="approved")
    for _ in range(3):
        assert lending.apply(borrower).status == 201

    refused(lending.apply(borrower), 409, "max_active_loans")
    history = lending.get(f"/api/v1/borrowers/{borrower}").body
    assert (history["active_loans"], history["active_debt"]) == (3, 3000)


def test_investors_fund_a_loan_never_beyond_its_amount(lending: Lending) -> None:
    borrower = lending.borrower("Fay Funded", kyc="approved")
    loan = lending.apply(borrower, amount=2000).body
    path = f"/api/v1/loans/{loan['id']}/investments"
    share = {"investor_id": lending.investor, "amount": 200}  # 10 % of the amount

    with ThreadPoolExecutor(30) as pool:
        answers = list(pool.map(lambda _: lending.post(path, share), range(30)))

    assert Counter(answer.status for answer in answers) == {201: 10, 409: 20}
    for answer in answers:
        if answer.status == 409:
            refused(answer, 409, "funding_limit")
    assert lending.get(f"/api/v1/loans/{loan['id']}").body["funded"] == 2000
    one_more = lending.post(path, {"investor_id": lending.investor, "amount": 1})
    refused(one_more, 409, "funding_limit")


def test_scores_wait_for_a_stopped_worker_and_come_once(lending: Lending) -> None:
    chat_id = 2003
    borrower = lending.borrower("Wes Waiting", kyc="approved", chat_id=chat_id)
    lending.system.stop_service(WORKER)
    try:
        loans = [lending.apply(borrower, amount=100 * (n + 1)).body for n in range(3)]
        time.sleep(1)
        assert [lending.get(f"/api/v1/loans/{loan['id']}").body["score"] for loan in loans] == [
            None,
            None,
            None,
        ]
    finally:
        lending.system.start_service(WORKER)

    for loan in loans:
        lending.scored(loan["id"])
        lending.notification(chat_id, loan["id"])
    time.sleep(1)  # time for a duplicate to show up, if there were one
    texts = [message.text for message in lending.system.bot_api.sent_messages(chat_id)]
    worker_lines = lending.system.log_lines(WORKER)
    scored_lines = [line for line in worker_lines if line["event"] == "loan.scored"]
    for loan in loans:
        assert sum(is_score_message(text, loan["id"]) for text in texts) == 1
        assert sum(line["loan_id"] == loan["id"] for line in scored_lines) == 1
