{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set events = cookiecutter.use_rabbitmq == "yes" or cookiecutter.websocket == "yes" -%}
"""The HTTP layer, in process, with the repository port replaced by an in-memory fake."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

{{ from_imports({
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain.errors": [
        "ConflictError",
        "DataSourceError",
        "DataSourceTimeoutError",
        "DataSourceUnavailableError",
        "RejectedError",
    ],
    pkg ~ ".domain." ~ res: ["MAX_ID"],
    pkg ~ ".main": ["create_app"],
}) }}

{% if events -%}
from ..fakes import InMemory{{ Res }}Repository, RecordingPublisher
{%- else -%}
from ..fakes import InMemory{{ Res }}Repository
{%- endif %}

URL = "/api/v1/{{ cookiecutter.resource_plural }}"
PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance"{% if cookiecutter.maturity_level|int >= 2 %}, "request_id"{% endif %}}


@pytest.fixture
def repository() -> InMemory{{ Res }}Repository:
    return InMemory{{ Res }}Repository()


@pytest.fixture
async def client(
    settings: Settings,
    repository: InMemory{{ Res }}Repository,
    auth_headers: dict[str, str],
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    app.state.{{ res }}_repository = repository
{%- if events %}
    app.state.event_publisher = RecordingPublisher()
{%- endif %}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth_headers
    ) as client:
        yield client


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert set(body) >= PROBLEM_FIELDS
    assert body["status"] == status
    assert body["instance"] == response.request.url.path
    return body


async def test_create_answers_201_with_the_{{ res }}_its_location_and_etag(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(URL, json={"name": "  First  ", "description": None})

    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["description"], body["version"]) == ("First", None, 1)
    assert response.headers["location"] == f"{URL}/{body['id']}"
    assert response.headers["etag"] == '"1"'


async def test_created_one_can_be_read_back(client: httpx.AsyncClient) -> None:
    created = (await client.post(URL, json={"name": "First", "description": "one"})).json()

    response = await client.get(f"{URL}/{created['id']}")

    assert response.status_code == 200
    assert response.json() == created
    assert response.headers["etag"] == '"1"'


async def test_idempotency_key_is_passed_to_the_use_case(
    client: httpx.AsyncClient,
    repository: InMemory{{ Res }}Repository,
) -> None:
    headers = {"Idempotency-Key": "order-1"}
    first = await client.post(URL, json={"name": "First"}, headers=headers)
    second = await client.post(URL, json={"name": "First"}, headers=headers)

    assert first.json() == second.json()
    assert len(repository.{{ cookiecutter.resource_plural }}) == 1


@pytest.mark.parametrize("key", ["", "with space", "x" * 256, "é"])
async def test_malformed_idempotency_key_answers_422(client: httpx.AsyncClient, key: str) -> None:
    headers = {b"Idempotency-Key": key.encode()}

    response = await client.post(URL, json={"name": "First"}, headers=headers)

    assert_problem(response, 422)


async def test_bulk_creates_all_in_order(client: httpx.AsyncClient) -> None:
    items = [{"name": "A"}, {"name": "B", "description": "b"}]

    response = await client.post(f"{URL}/bulk", json={"items": items})

    assert response.status_code == 201
    assert [one["name"] for one in response.json()["items"]] == ["A", "B"]


@pytest.mark.parametrize("body", [{"items": []}, {"items": [{"name": "A"}] * 101}, {}])
async def test_bulk_refuses_empty_or_too_many(
    client: httpx.AsyncClient,
    body: dict[str, Any],
) -> None:
    assert_problem(await client.post(f"{URL}/bulk", json=body), 422)


async def test_list_pages_by_offset(client: httpx.AsyncClient) -> None:
    for name in ("A", "B", "C"):
        await client.post(URL, json={"name": name})

    response = await client.get(URL, params={"limit": 2, "offset": 1})

    assert response.status_code == 200
    body = response.json()
    assert [one["name"] for one in body["items"]] == ["B", "C"]
    assert (body["total"], body["offset"], body["limit"]) == (3, 1, 2)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"offset": -1},
        {"sort": "colour"},
        {"offset": 0, "cursor": "abc"},
        {"created_after": "yesterday"},
        {"name": "\x00"},
    ],
)
async def test_invalid_list_query_answers_422(
    client: httpx.AsyncClient,
    params: dict[str, Any],
) -> None:
    body = assert_problem(await client.get(URL, params=params), 422)

    assert body["errors"]


async def test_update_needs_if_match_and_the_current_version(client: httpx.AsyncClient) -> None:
    created = (await client.post(URL, json={"name": "First"})).json()
    url = f"{URL}/{created['id']}"

    assert_problem(await client.patch(url, json={"name": "Renamed"}), 428)
    for stale in ('"2"', "*", "garbage"):
        response = await client.patch(url, json={"name": "Renamed"}, headers={"If-Match": stale})
        assert_problem(response, 412)
    response = await client.patch(url, json={"name": "Renamed"}, headers={"If-Match": '"1"'})

    assert response.status_code == 200
    assert (response.json()["name"], response.headers["etag"]) == ("Renamed", '"2"')


@pytest.mark.parametrize("body", [{}, {"name": None}, {"name": ""}, {"colour": "red"}])
async def test_invalid_update_answers_422(
    client: httpx.AsyncClient,
    body: dict[str, Any],
) -> None:
    created = (await client.post(URL, json={"name": "First"})).json()
    url = f"{URL}/{created['id']}"

    response = await client.patch(url, json=body, headers={"If-Match": '"1"'})

    assert_problem(response, 422)


async def test_delete_answers_204_then_404(client: httpx.AsyncClient) -> None:
    created = (await client.post(URL, json={"name": "First"})).json()
    url = f"{URL}/{created['id']}"

    assert_problem(await client.delete(url, headers={"If-Match": '"9"'}), 412)
    assert (await client.delete(url, headers={"If-Match": '"1"'})).status_code == 204
    assert_problem(await client.delete(url), 404)


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
async def test_invalid_body_answers_422_without_echoing_it(
    client: httpx.AsyncClient,
    repository: InMemory{{ Res }}Repository,
    body: dict[str, Any],
) -> None:
    response = await client.post(URL, json=body)

    problem = assert_problem(response, 422)
    for error in problem["errors"]:
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

    [error] = assert_problem(response, 422)["errors"]
    assert set(error) == {"loc", "msg", "type"}


async def test_unknown_id_answers_404(client: httpx.AsyncClient) -> None:
    body = assert_problem(await client.get(f"{URL}/42"), 404)

    assert "42" in body["detail"]


async def test_unknown_route_and_method_answer_problems(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/nowhere"), 404)
    assert_problem(await client.put(f"{URL}/1"), 405)


@pytest.mark.parametrize("raw_id", ["0", "-1", "abc", str(MAX_ID + 1)])
async def test_invalid_id_answers_422(client: httpx.AsyncClient, raw_id: str) -> None:
    [error] = assert_problem(await client.get(f"{URL}/{raw_id}"), 422)["errors"]

    assert error["loc"] == ["path", "{{ res }}_id"]


async def test_largest_id_is_looked_up(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get(f"{URL}/{MAX_ID}"), 404)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (DataSourceUnavailableError("data-api unreachable: GET http://internal"), 503),
        (DataSourceTimeoutError("data-api timed out: GET http://internal"), 504),
        (DataSourceError("data-api answered 400 unexpectedly"), 502),
        (ConflictError("A request with this key is in progress"), 409),
        (RejectedError("Key reused", [{"loc": ["header"], "msg": "reused", "type": "x"}]), 422),
        (RuntimeError("bug at http://internal"), 500),
    ],
)
async def test_errors_answer_problems_without_internal_details(
    settings: Settings,
    repository: InMemory{{ Res }}Repository,
    auth_headers: dict[str, str],
    error: Exception,
    status: int,
) -> None:
    app = create_app(settings)
    app.state.{{ res }}_repository = repository
{%- if events %}
    app.state.event_publisher = RecordingPublisher()
{%- endif %}
    repository.error = error
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth_headers
    ) as client:
        responses = [await client.get(f"{URL}/1"), await client.post(URL, json={"name": "A"})]

    for response in responses:
        assert response.status_code == status
        assert response.headers["content-type"] == "application/problem+json"
        assert "internal" not in response.text
