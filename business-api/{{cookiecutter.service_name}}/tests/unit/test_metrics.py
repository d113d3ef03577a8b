"""Prometheus RED metrics per route template."""

from collections.abc import AsyncIterator

import httpx
import pytest

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import create_app


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_requests_are_counted_under_their_route(client: httpx.AsyncClient) -> None:
    await client.get("/health")
    await client.get("/no/such/path/42")

    text = (await client.get("/metrics")).text

    assert 'http_requests_total{method="GET",route="/health",status="200"}' in text
    assert 'route="unmatched",status="404"' in text
    assert "/no/such/path" not in text
    assert 'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/health"}' in text
