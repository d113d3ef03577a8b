from collections.abc import AsyncIterator

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.helpers import app_on, serve

pytestmark = pytest.mark.integration

URL = "/api/v1/{{ cookiecutter.resource_plural }}"


@pytest.fixture
async def client(engine: AsyncEngine) -> AsyncIterator[AsyncClient]:
    url = engine.url.render_as_string(hide_password=False)
    async with serve(app_on(url)) as client:
        yield client


async def test_create_read_and_list(client: AsyncClient) -> None:
    created = await client.post(URL, json={"name": "first", "description": None})
    assert created.status_code == 201
    body = created.json()

    assert (await client.get(f"{URL}/{body['id']}")).json() == body
    assert (await client.get(URL)).json() == {
        "items": [body],
        "total": 1,
        "offset": 0,
        "limit": 50,
    }


async def test_unknown_id_is_a_404(client: AsyncClient) -> None:
    assert (await client.get(f"{URL}/{2**63 - 1}")).status_code == 404


async def test_input_postgresql_would_reject_is_a_422(client: AsyncClient) -> None:
    assert (await client.post(URL, json={"name": "nul\x00byte"})).status_code == 422


async def test_ready(client: AsyncClient) -> None:
    assert (await client.get("/ready")).json() == {"status": "ok", "checks": {"database": "ok"}}
