{%- set res = cookiecutter.resource_name -%}
"""The whole chain over real HTTP: client -> uvicorn -> service -> fake data-api."""

import time
from collections.abc import AsyncIterator

import httpx
import pytest

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import create_app

from ..data_api_stub import DataApiStub
from ..serve import serving

pytestmark = pytest.mark.integration

URL = "/api/v1/{{ cookiecutter.resource_plural }}"


@pytest.fixture
async def client(
    live_settings: Settings,
    auth_headers: dict[str, str],
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the service, served by uvicorn on a free loopback port."""
    async with (
        serving(create_app(live_settings)) as base_url,
        httpx.AsyncClient(base_url=base_url, headers=auth_headers) as client,
    ):
        yield client


async def test_ready_when_every_dependency_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/ready")

    assert (response.status_code, response.json()["status"]) == (200, "ok")


async def test_{{ res }}_lifecycle_through_the_data_api(
    client: httpx.AsyncClient,
    data_api: DataApiStub,
) -> None:
    response = await client.post(URL, json={"name": "First", "description": "one"})
    assert response.status_code == 201
    created = response.json()
    assert data_api.{{ cookiecutter.resource_plural }}[created["id"]]["name"] == "First"

    read = await client.get(response.headers["location"])
    assert (read.status_code, read.json()) == (200, created)

    changed = await client.patch(
        response.headers["location"],
        json={"name": "Renamed"},
        headers={"If-Match": read.headers["etag"]},
    )
    assert (changed.status_code, changed.json()["version"]) == (200, 2)

    listed = await client.get(URL, params={"name": "Renamed"})
    assert [one["id"] for one in listed.json()["items"]] == [created["id"]]

    deleted = await client.delete(response.headers["location"], headers={"If-Match": '"2"'})
    assert deleted.status_code == 204
    assert (await client.get(response.headers["location"])).status_code == 404


async def test_data_api_down_answers_503_at_once(
    client: httpx.AsyncClient,
    data_api: DataApiStub,
) -> None:
    await data_api.stop()
    started = time.monotonic()

    response = await client.get(f"{URL}/1")

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert time.monotonic() - started < 3  # refused at once, retried twice
    assert (await client.get("/ready")).json()["checks"]["data-api"] == "unavailable"


async def test_slow_data_api_answers_504_within_the_timeout(
    client: httpx.AsyncClient,
    data_api: DataApiStub,
) -> None:
    data_api.delay = 3.0
    started = time.monotonic()

    response = await client.get(f"{URL}/1")

    assert response.status_code == 504
    assert time.monotonic() - started < 2.9  # the 2 s timeout, with room for a busy machine


async def test_health_answers_without_the_data_api(
    client: httpx.AsyncClient,
    data_api: DataApiStub,
) -> None:
    await data_api.stop()

    assert (await client.get("/health")).status_code == 200
