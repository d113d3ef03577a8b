{%- set res = cookiecutter.resource_name -%}
"""The whole chain over real HTTP: client -> uvicorn -> service -> emulated data-api."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import create_app

from ..data_api_stub import DataApiStub

pytestmark = pytest.mark.integration

URL = "/api/v1/{{ cookiecutter.resource_plural }}"


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the service, served by uvicorn on a free loopback port."""
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=0, lifespan="on", log_config=None
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(5):
            while not server.started:  # noqa: ASYNC110 - uvicorn offers no startup event
                await asyncio.sleep(0.01)
        host, port = server.servers[0].sockets[0].getsockname()[:2]
        async with httpx.AsyncClient(base_url=f"http://{host}:{port}") as client:
            yield client
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=5)  # cancels the server if it does not stop


async def test_created_{{ res }}_is_stored_by_the_data_api_and_read_back(
    client: httpx.AsyncClient,
    data_api: DataApiStub,
) -> None:
    response = await client.post(URL, json={"name": "First", "description": "one"})
    assert response.status_code == 201
    created = response.json()
    assert data_api.{{ cookiecutter.resource_plural }}[created["id"]]["name"] == "First"

    response = await client.get(response.headers["location"])

    assert response.status_code == 200
    assert response.json() == created


async def test_unknown_id_answers_404(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{URL}/42")

    assert response.status_code == 404


async def test_failing_data_api_answers_503(
    client: httpx.AsyncClient,
    data_api: DataApiStub,
) -> None:
    data_api.reply = (500, '{"detail": "boom"}')

    response = await client.post(URL, json={"name": "First"})

    assert response.status_code == 503


async def test_slow_data_api_answers_503(client: httpx.AsyncClient, data_api: DataApiStub) -> None:
    data_api.delay = 1.0

    response = await client.get(f"{URL}/1")

    assert response.status_code == 503


async def test_health_answers_without_the_data_api(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")

    assert response.status_code == 200
