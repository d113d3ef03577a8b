"""Security headers and CORS."""

from collections.abc import AsyncIterator

import httpx
import pytest

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import create_app


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    settings = settings.model_copy(update={"cors_origins": ["https://app.example"]})
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_answers_carry_security_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")

    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["content-security-policy"].startswith("default-src 'none'")


async def test_docs_may_load_their_scripts(client: httpx.AsyncClient) -> None:
    response = await client.get("/docs")

    assert response.status_code == 200
    assert "content-security-policy" not in response.headers


async def test_cors_allows_only_configured_origins(client: httpx.AsyncClient) -> None:
    preflight = {"Access-Control-Request-Method": "POST"}
    allowed = await client.options(
        "/api/v1/{{ cookiecutter.resource_plural }}",
        headers={"Origin": "https://app.example", **preflight},
    )
    refused = await client.options(
        "/api/v1/{{ cookiecutter.resource_plural }}",
        headers={"Origin": "https://evil.example", **preflight},
    )

    assert allowed.headers["access-control-allow-origin"] == "https://app.example"
    assert "access-control-allow-origin" not in refused.headers
