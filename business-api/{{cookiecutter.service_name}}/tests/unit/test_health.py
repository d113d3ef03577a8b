"""``/health`` and ``/ready``, with the app's real lifespan against the fake data-api."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import create_app

from ..data_api_stub import DataApiStub


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_health_answers_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_ready_checks_the_data_api(client: httpx.AsyncClient) -> None:
    response = await client.get("/ready")

    assert response.json()["checks"]["data-api"] == "ok"


async def test_ready_answers_ok_when_every_check_passes(
    app: FastAPI,
    client: httpx.AsyncClient,
) -> None:
    async def passes() -> bool:
        return True

    app.state.readiness_checks = dict.fromkeys(app.state.readiness_checks, passes)

    response = await client.get("/ready")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert set(response.json()["checks"].values()) == {"ok"}


async def test_ready_answers_503_naming_the_data_api_when_it_is_down(
    client: httpx.AsyncClient,
    data_api: DataApiStub,
) -> None:
    await data_api.stop()

    response = await client.get("/ready")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["data-api"] == "unavailable"
