{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
import json
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient

{{ from_imports({pkg ~ ".application." ~ res ~ "_service": [cookiecutter.__resource_class ~ "Service"]}) }}

from ..helpers import URL, app_on, serve


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
    response = await client.post(URL, json=body)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_422_lists_errors_without_echoing_the_input(client: AsyncClient) -> None:
    response = await client.post(URL, json={"name": "x", "secret": "do not echo"})

    body = response.json()
    assert body["errors"] == [
        {
            "loc": ["body", "secret"],
            "msg": "Extra inputs are not permitted",
            "type": "extra_forbidden",
        }
    ]
    assert (body["status"], body["title"], body["instance"]) == (422, HTTPStatus(422).phrase, URL)
    assert "do not echo" not in response.text


@pytest.mark.parametrize(
    "content",
    [b'{"name":"\\ud800"}', b'{"name":"x","\\udc80":1}', b'{"name": "x"', b"name=x"],
)
async def test_undecodable_bodies_are_422_not_500(client: AsyncClient, content: bytes) -> None:
    response = await client.post(URL, content=content, headers={"Content-Type": "application/json"})

    assert response.status_code == 422
    assert all(set(error) == {"loc", "msg", "type"} for error in response.json()["errors"])


@pytest.mark.parametrize("body", [{}, {"name": None}, {"version": 3}])
async def test_bad_update_body_is_a_422(client: AsyncClient, body: dict[str, Any]) -> None:
    location = (await client.post(URL, json={"name": "x"})).headers["Location"]

    response = await client.patch(location, json=body, headers={"If-Match": '"1"'})

    assert response.status_code == 422


@pytest.mark.parametrize(
    "path",
    [
        f"{URL}/0",
        f"{URL}/abc",
        f"{URL}/{2**63}",
        f"{URL}?offset={2**31}",
        f"{URL}?name=nul%00",
        f"{URL}?name_contains={'x' * 201}",
        f"{URL}?created_after=0001-01-01T00:00:00%2B01:00",
        f"{URL}?created_before=9999-12-31T23:59:59-01:00",
    ],
)
async def test_bad_path_or_query_is_a_422(client: AsyncClient, path: str) -> None:
    assert (await client.get(path)).status_code == 422


@pytest.mark.parametrize("key", [b"", b"x" * 256, b"with space", "ключ".encode()])
async def test_a_malformed_idempotency_key_is_a_422(client: AsyncClient, key: bytes) -> None:
    headers = {b"Idempotency-Key": key}
    response = await client.post(URL, json={"name": "x"}, headers=headers)

    assert response.status_code == 422


async def test_unknown_routes_and_methods_are_problems(client: AsyncClient) -> None:
    missing = await client.get("/nowhere")
    wrong_method = await client.put(URL)

    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert wrong_method.status_code == 405
    assert wrong_method.json()["title"] == "Method Not Allowed"


async def test_an_unreachable_database_is_a_503_problem(tmp_path: Path) -> None:
    app = app_on(f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}")
    async with serve(app) as client:
        (tmp_path / "test.sqlite3").unlink()
        (tmp_path / "test.sqlite3").mkdir()  # a folder cannot be opened as a database
        await app.state.database.engine.dispose()
        response = await client.get(f"{URL}/1")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert "database" in response.json()["detail"]


async def test_an_unexpected_error_is_a_500_problem_without_details(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def fail(*_: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr({{ cookiecutter.__resource_class }}Service, "get", fail)
    async with serve(app_on(sqlite_url), raise_errors=False) as client:
        response = await client.get(f"{URL}/1")

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "secret" not in response.text


async def test_writes_are_logged(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    async with serve(app_on(sqlite_url, log_json=True)) as client:
        created = (await client.post(URL, json={"name": "logged"})).json()
        location = f"{URL}/{created['id']}"
        await client.patch(location, json={"name": "renamed"}, headers={"If-Match": '"1"'})
        await client.delete(location)

    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    logged = {event["event"]: event for event in events}
    assert logged["{{ res }}.created"]["{{ res }}_id"] == created["id"]
    assert logged["{{ res }}.updated"]["version"] == 2
    assert logged["{{ res }}.deleted"]["{{ res }}_id"] == created["id"]
    assert {"app.started", "app.stopped"} <= set(logged)


async def test_the_openapi_document_describes_problems(client: AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()

    answers = document["paths"][URL + "/{{ '{' }}{{ res }}_id}"]["patch"]["responses"]
    assert {"200", "404", "412", "422", "428"} <= set(answers)
    assert "application/problem+json" in answers["412"]["content"]
