"""The data-api borrowers client and the Bot API notifier, over real HTTP."""

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from finance_scoring_worker.core.request_id import request_id_var
from finance_scoring_worker.infrastructure.borrowers import DataApiBorrowers
from finance_scoring_worker.infrastructure.data_api import DataApiRejected, DataApiUnavailable
from finance_scoring_worker.infrastructure.telegram import BotApiNotifier, BotApiUnavailable

PROFILE = {
    "id": 7,
    "name": "Ada",
    "kyc_status": "approved",
    "telegram_chat_id": 99,
    "created_at": "2025-01-01T00:00:00Z",
    "loans_total": 2,
    "loans_repaid": 1,
    "active_loans": 1,
    "active_debt": 1000,
}


class Canned:
    """Answers with the queued ``(status, body)`` pairs, the last one over and over."""

    def __init__(self) -> None:
        self.url = ""
        self.answers: list[tuple[int, Any]] = [(200, PROFILE)]
        self.requests: list[tuple[str, dict[str, str], Any]] = []

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else None
        self.requests.append((request.path, dict(request.headers), body))
        status, answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return web.Response(status=status, text=json.dumps(answer), content_type="application/json")


@pytest.fixture
async def canned() -> AsyncIterator[Canned]:
    api = Canned()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", api.handle)
    async with TestServer(app) as server:
        api.url = str(server.make_url(""))
        yield api


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def test_a_profile_is_read_with_the_request_id(
    canned: Canned, session: aiohttp.ClientSession
) -> None:
    request_id_var.set("req-score-1")

    profile = await DataApiBorrowers(session, canned.url).profile(7)

    assert (profile.id, profile.telegram_chat_id, profile.active_debt) == (7, 99, 1000)
    [(path, headers, _)] = canned.requests
    assert (path, headers["X-Request-ID"]) == ("/api/v1/borrowers/7", "req-score-1")


async def test_a_transient_failure_is_retried(
    canned: Canned, session: aiohttp.ClientSession
) -> None:
    canned.answers = [(503, {}), (200, PROFILE)]

    profile = await DataApiBorrowers(session, canned.url, backoff_seconds=0.01).profile(7)

    assert profile.id == 7
    assert len(canned.requests) == 2


async def test_failures_that_stay_are_unavailable_or_rejected(
    canned: Canned, session: aiohttp.ClientSession
) -> None:
    borrowers = DataApiBorrowers(session, canned.url, backoff_seconds=0.01)
    canned.answers = [(503, {})]
    with pytest.raises(DataApiUnavailable):
        await borrowers.profile(7)
    canned.answers = [(404, {"detail": "User 7 not found"})]
    with pytest.raises(DataApiRejected, match="404"):
        await borrowers.profile(7)
    canned.answers = [(200, {"id": "seven"})]
    with pytest.raises(DataApiRejected, match="not a borrower profile"):
        await borrowers.profile(7)
    with pytest.raises(DataApiUnavailable):
        await DataApiBorrowers(session, "http://127.0.0.1:9", backoff_seconds=0.01).profile(7)


async def test_the_notifier_sends_as_the_bot(
    canned: Canned, session: aiohttp.ClientSession
) -> None:
    canned.answers = [(200, {"ok": True, "result": {}})]

    await BotApiNotifier(session, canned.url, "123:abc").send(99, "Scored: 700")

    [(path, _, body)] = canned.requests
    assert path == "/bot123:abc/sendMessage"
    assert body == {"chat_id": 99, "text": "Scored: 700"}


async def test_a_refusing_chat_is_skipped_and_an_unavailable_api_retried_later(
    canned: Canned, session: aiohttp.ClientSession
) -> None:
    notifier = BotApiNotifier(session, canned.url, "123:abc")
    canned.answers = [(403, {"ok": False, "description": "bot was blocked by the user"})]
    await notifier.send(99, "hello")
    canned.answers = [(502, {})]
    with pytest.raises(BotApiUnavailable, match="502"):
        await notifier.send(99, "hello")
    with pytest.raises(BotApiUnavailable):
        await BotApiNotifier(session, "http://127.0.0.1:9", "t").send(99, "hello")
