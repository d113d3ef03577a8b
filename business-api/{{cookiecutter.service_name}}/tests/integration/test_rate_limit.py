"""Rate limits in the real Redis from REDIS_URL: one budget shared by every replica."""

import uuid

import httpx
import pytest

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import create_app

pytestmark = pytest.mark.integration


async def test_replicas_share_the_budget(settings: Settings, redis_url: str) -> None:
    settings = settings.model_copy(update={"redis_url": redis_url, "rate_limit": "3/minute"})
    replicas = [create_app(settings), create_app(settings)]
    client_ip = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"  # a fresh budget
    statuses = []
    for attempt in range(4):
        transport = httpx.ASGITransport(app=replicas[attempt % 2], client=(client_ip, 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/nowhere")
            statuses.append(response.status_code)

    assert statuses == [404, 404, 404, 429]
    assert int(response.headers["retry-after"]) >= 1
