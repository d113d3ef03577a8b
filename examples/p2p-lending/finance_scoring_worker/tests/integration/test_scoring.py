"""The scoring handler on the real RabbitMQ and Redis, with the data-api and the Bot API
served over real HTTP: a loan.created delivered twice is scored and told once."""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from redis.asyncio import Redis

from finance_scoring_worker.application.handlers import EVENT_NAME, build_registry
from finance_scoring_worker.application.ports import ScoringPorts
from finance_scoring_worker.core.settings import Settings
from finance_scoring_worker.infrastructure.borrowers import DataApiBorrowers
from finance_scoring_worker.infrastructure.data_api import DataApiClient
from finance_scoring_worker.infrastructure.telegram import BotApiNotifier

from tests.factories import envelope
from tests.fake_data_api import FakeDataApi
from tests.integration.test_consumer import TIMEOUT, consumer_for, publish, queued_messages
from tests.integration.test_idempotency import store_for

TOKEN = "123:token"
BORROWER = {
    "id": 7,
    "name": "Ada",
    "kyc_status": "approved",
    "telegram_chat_id": 99,
    "created_at": "2025-01-01T00:00:00Z",
    "loans_total": 1,
    "loans_repaid": 0,
    "active_loans": 1,
    "active_debt": 5000,
}


class Services:
    """The data-api's scores and borrowers, and the Bot API's sendMessage."""

    def __init__(self) -> None:
        self.scores = FakeDataApi("scores")
        self.sent: list[dict[str, Any]] = []
        self.url = ""

    def app(self) -> web.Application:
        app = self.scores.app()
        app.router.add_get("/api/v1/borrowers/7", self._borrower)
        app.router.add_post(f"/bot{TOKEN}/sendMessage", self._send)
        return app

    async def _borrower(self, request: web.Request) -> web.Response:
        return web.json_response(BORROWER)

    async def _send(self, request: web.Request) -> web.Response:
        self.sent.append(await request.json())
        return web.json_response({"ok": True, "result": {"message_id": 1}})


@pytest.fixture
async def services() -> AsyncIterator[Services]:
    services = Services()
    async with TestServer(services.app()) as server:
        services.url = str(server.make_url("")).rstrip("/")
        yield services


async def test_a_duplicated_loan_created_is_scored_and_told_once(
    settings: Settings, redis: Redis, services: Services
) -> None:
    async with aiohttp.ClientSession() as session:
        ports = ScoringPorts(
            DataApiClient(session, services.url, "scores"),
            DataApiBorrowers(session, services.url),
            BotApiNotifier(session, services.url, TOKEN),
        )
        consumer = consumer_for(settings, build_registry(ports), idempotency=store_for(redis))
        await consumer.start()
        loan = {"id": 42, "borrower_id": 7, "amount": 5000, "term_months": 24}
        body = json.dumps(envelope(EVENT_NAME, payload=loan)).encode()
        await publish(settings, body, body)
        for _ in range(TIMEOUT * 20):
            if services.sent and await queued_messages(settings) == 0:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)  # time for a second effect to show up, if there were one
        assert await consumer.stop(grace_period=TIMEOUT)

    [score] = services.scores.records.values()
    assert score["loan_id"] == 42
    assert 300 <= score["score"] <= 850
    [message] = services.sent
    assert message["chat_id"] == 99
    assert f"has been scored: {score['score']}" in message["text"]
