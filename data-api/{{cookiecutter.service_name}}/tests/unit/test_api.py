import json
from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers import app_on, serve

URL = "/api/v1/{{ cookiecutter.resource_plural }}"


async def test_create_returns_the_stored_{{ cookiecutter.resource_name }}(client: AsyncClient) -> None:
    response = await client.post(URL, json={"name": "first", "description": "about it"})

    assert response.status_code == 201
    body = response.json()
    assert response.headers["Location"] == f"{URL}/{body['id']}"
    assert body["name"] == "first"
    assert body["description"] == "about it"
    assert isinstance(body["id"], int)
    assert body["created_at"].endswith(("Z", "+00:00"))
    assert (await client.get(f"{URL}/{body['id']}")).json() == body


async def test_missing_{{ cookiecutter.resource_name }}_is_a_json_404(client: AsyncClient) -> None:
    response = await client.get(f"{URL}/12345")

    assert response.status_code == 404
    assert response.json() == {"detail": "{{ cookiecutter.resource_name.replace('_', ' ').capitalize() }} 12345 not found"}


async def test_list_pages_with_offset_and_limit(client: AsyncClient) -> None:
    ids = [(await client.post(URL, json={"name": f"n{i}"})).json()["id"] for i in range(3)]

    response = await client.get(URL, params={"offset": 1, "limit": 1})

    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["items"]] == ids[1:2]
    assert (body["total"], body["offset"], body["limit"]) == (3, 1, 1)


async def test_list_defaults_to_the_first_fifty(client: AsyncClient) -> None:
    body = (await client.get(URL)).json()

    assert body == {"items": [], "total": 0, "offset": 0, "limit": 50}


@pytest.mark.parametrize(
    "body",
    [
        None,
        {},
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 201},
        {"name": "x", "colour": "red"},
        {"name": ["not", "a", "string"]},
        {"name": "nul\x00byte"},
    ],
)
async def test_bad_create_body_is_a_422(client: AsyncClient, body: Any) -> None:
    assert (await client.post(URL, json=body)).status_code == 422


async def test_a_422_lists_errors_without_echoing_the_input(client: AsyncClient) -> None:
    response = await client.post(URL, json={"name": "x", "secret": "do not echo"})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error == {
        "loc": ["body", "secret"],
        "msg": "Extra inputs are not permitted",
        "type": "extra_forbidden",
    }


async def test_a_lone_surrogate_is_a_422_not_a_500(client: AsyncClient) -> None:
    response = await client.post(
        URL, content=b'{"name":"\\ud800"}', headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert set(error) == {"loc", "msg", "type"}
    assert error["loc"] == ["body", "name"]


async def test_a_lone_surrogate_in_a_field_name_is_a_422(client: AsyncClient) -> None:
    response = await client.post(
        URL, content=b'{"name":"x","\\udc80":1}', headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 422
    assert [set(error) for error in response.json()["detail"]] == [{"loc", "msg", "type"}]


@pytest.mark.parametrize(
    "path",
    [
        f"{URL}/0",
        f"{URL}/abc",
        f"{URL}/{2**63}",
        f"{URL}?limit=0",
        f"{URL}?limit=101",
        f"{URL}?offset=-1",
        f"{URL}?offset={2**63}",
    ],
)
async def test_bad_query_is_a_422(client: AsyncClient, path: str) -> None:
    assert (await client.get(path)).status_code == 422


async def test_create_logs_the_new_id(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    async with serve(app_on(sqlite_url, log_json=True)) as client:
        created = (await client.post(URL, json={"name": "logged"})).json()

    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    [logged] = [event for event in events if event["event"] == "{{ cookiecutter.resource_name }}.created"]
    assert logged["{{ cookiecutter.resource_name }}_id"] == created["id"]
    assert {"app.started", "app.stopped"} <= {event["event"] for event in events}
