"""``loan.created`` on the real RabbitMQ from RABBITMQ_URL, as the scoring worker reads it."""

import json
import uuid
from collections.abc import AsyncIterator

import aio_pika
import httpx
import pytest
from aio_pika.abc import AbstractQueue

from finance_lending_api.core.settings import Settings
from finance_lending_api.main import create_app

from ..lending_fakes import InMemoryLendingRepository

pytestmark = pytest.mark.integration


@pytest.fixture
def exchange() -> str:
    return f"test.{uuid.uuid4().hex}"


@pytest.fixture
async def queue(rabbitmq_url: str, exchange: str) -> AsyncIterator[AbstractQueue]:
    """A temporary queue bound to the loan events of a throw-away exchange."""
    connection = await aio_pika.connect_robust(rabbitmq_url)
    channel = await connection.channel()
    declared = await channel.declare_exchange(exchange, aio_pika.ExchangeType.TOPIC, durable=True)
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(declared, routing_key="loan.*")
    yield queue
    await declared.delete()
    await connection.close()


async def test_an_application_publishes_loan_created_once_per_loan(
    live_settings: Settings, exchange: str, queue: AbstractQueue
) -> None:
    app = create_app(live_settings.model_copy(update={"rabbitmq_exchange": exchange}))
    repository = InMemoryLendingRepository()
    repository.add_borrower(1)
    body = {"borrower_id": 1, "purpose": "Car", "amount": 5000, "term_months": 24}
    async with app.router.lifespan_context(app):
        app.state.lending_repository = repository
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test"
        ) as client:
            headers = {"Idempotency-Key": "dialogue-1", "X-Request-ID": "req-loan-1"}
            created = await client.post("/api/v1/loans", json=body, headers=headers)
            replayed = await client.post("/api/v1/loans", json=body, headers=headers)

    assert (created.status_code, replayed.json()) == (201, created.json())
    first, again = [await queue.get(timeout=5) for _ in range(2)]
    for message in (first, again):
        await message.ack()
    event = json.loads(first.body)
    assert first.routing_key == "loan.created"
    assert first.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
    assert first.headers["x-request-id"] == "req-loan-1"
    assert (event["event_type"], event["request_id"]) == ("loan.created", "req-loan-1")
    assert event["payload"]["id"] == created.json()["id"]
    assert event["payload"]["borrower_id"] == 1
    # The replay announces the same event again: the worker deduplicates it by event_id.
    assert json.loads(again.body)["event_id"] == event["event_id"]
