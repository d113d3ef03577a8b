{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""The HTTP layer, in process, with the repository port replaced by an in-memory fake."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

{{ from_imports({
    pkg ~ ".api.dependencies": ["get_" ~ res ~ "_repository"],
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain.errors": ["DataSourceError", "DataSourceUnavailableError"],
    pkg ~ ".domain." ~ res: ["MAX_ID"],
    pkg ~ ".main": ["create_app"],
}) }}

from ..fakes import InMemory{{ Res }}Repository

URL = "/api/v1/{{ cookiecutter.resource_plural }}"


@pytest.fixture
def repository() -> InMemory{{ Res }}Repository:
    return InMemory{{ Res }}Repository()


@pytest.fixture
async def client(
    settings: Settings,
    repository: InMemory{{ Res }}Repository,
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    app.dependency_overrides[get_{{ res }}_repository] = lambda: repository
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_create_answers_201_with_the_{{ res }}_and_its_location(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(URL, json={"name": "  First  ", "description": None})

    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "First"
    assert body["description"] is None
    assert response.headers["location"] == f"{URL}/{body['id']}"


async def test_created_one_can_be_read_back(client: httpx.AsyncClient) -> None:
    created = (await client.post(URL, json={"name": "First", "description": "one"})).json()

    response = await client.get(f"{URL}/{created['id']}")

    assert response.status_code == 200
    assert response.json() == created


async def test_fields_of_maximum_length_are_accepted(client: httpx.AsyncClient) -> None:
    response = await client.post(URL, json={"name": "x" * 200, "description": "y" * 2000})

    assert response.status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 201},
        {"name": 5},
        {"name": "First", "description": 5},
        {"name": "First", "description": "y" * 2001},
        {"name": "Fir\x00st"},
        {"name": "First", "description": "\x00"},
        {"name": "First", "unknown": True},
    ],
)
async def test_invalid_body_answers_422(
    client: httpx.AsyncClient,
    repository: InMemory{{ Res }}Repository,
    body: dict[str, Any],
) -> None:
    response = await client.post(URL, json=body)

    assert response.status_code == 422
    for error in response.json()["detail"]:
        assert set(error) == {"loc", "msg", "type"}
    assert repository.{{ cookiecutter.resource_plural }} == {}


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        rb'{"name":"\ud800"}',
        rb'{"name":"First","\ud800":1}',
    ],
)
async def test_malformed_body_answers_422(client: httpx.AsyncClient, raw: bytes) -> None:
    response = await client.post(URL, content=raw, headers={"Content-Type": "application/json"})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert set(error) == {"loc", "msg", "type"}


async def test_unknown_id_answers_404(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{URL}/42")

    assert response.status_code == 404
    assert "42" in response.json()["detail"]


@pytest.mark.parametrize("raw_id", ["0", "-1", "abc", str(MAX_ID + 1)])
async def test_invalid_id_answers_422(client: httpx.AsyncClient, raw_id: str) -> None:
    response = await client.get(f"{URL}/{raw_id}")

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["path", "{{ res }}_id"]


async def test_largest_id_is_looked_up(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{URL}/{MAX_ID}")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (DataSourceUnavailableError("data-api unreachable: GET http://internal"), 503),
        (DataSourceError("data-api answered 400, expected 200"), 502),
    ],
)
async def test_data_source_errors_answer_without_internal_details(
    client: httpx.AsyncClient,
    repository: InMemory{{ Res }}Repository,
    error: DataSourceError,
    status: int,
) -> None:
    repository.error = error

    responses = [
        await client.get(f"{URL}/1"),
        await client.post(URL, json={"name": "First"}),
    ]

    for response in responses:
        assert response.status_code == status
        assert "internal" not in response.text
        assert "data-api" not in response.text


async def test_health_answers_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
