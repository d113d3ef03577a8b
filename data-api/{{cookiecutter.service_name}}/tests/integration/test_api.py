"""The HTTP contract of /api/v1/{{ cookiecutter.resource_plural }}, on SQLite and on PostgreSQL."""

from typing import Any

import pytest
from httpx import AsyncClient, Response

from ..helpers import URL

PROBLEM = "application/problem+json"


async def create(client: AsyncClient, name: str = "first", **headers: str) -> Response:
    response = await client.post(URL, json={"name": name, "description": None}, headers=headers)
    assert response.status_code == 201, response.text
    return response


def is_problem(response: Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= set(body)
    return body


async def test_create_then_read(client: AsyncClient) -> None:
    response = await client.post(URL, json={"name": " first ", "description": "about it"})

    assert response.status_code == 201
    body = response.json()
    assert response.headers["Location"] == f"{URL}/{body['id']}"
    assert response.headers["ETag"] == '"1"'
    assert (body["name"], body["description"], body["version"]) == ("first", "about it", 1)
    assert body["created_at"] == body["updated_at"]
    assert body["created_at"].endswith("Z")
    read = await client.get(f"{URL}/{body['id']}")
    assert (read.json(), read.headers["ETag"]) == (body, '"1"')


async def test_unknown_id_is_a_404_problem(client: AsyncClient) -> None:
    body = is_problem(await client.get(f"{URL}/{2**63 - 1}"), 404)

    assert body["instance"] == f"{URL}/{2**63 - 1}"


async def test_an_idempotent_replay_answers_the_first_result_and_writes_nothing(
    client: AsyncClient,
) -> None:
    first = await create(client, **{"Idempotency-Key": "key-1"})
    again = await create(client, **{"Idempotency-Key": "key-1"})

    assert again.json() == first.json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert (await client.get(URL)).json()["total"] == 1


async def test_an_idempotency_key_reused_with_another_body_is_a_422(client: AsyncClient) -> None:
    await create(client, "first", **{"Idempotency-Key": "key-1"})
    other = await client.post(URL, json={"name": "other"}, headers={"Idempotency-Key": "key-1"})

    is_problem(other, 422)
    assert (await client.get(URL)).json()["total"] == 1


async def test_update_with_the_current_version(client: AsyncClient) -> None:
    location = (await create(client)).headers["Location"]

    headers = {"If-Match": '"1"'}
    response = await client.patch(location, json={"description": "new"}, headers=headers)

    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["description"], body["version"]) == ("first", "new", 2)
    assert response.headers["ETag"] == '"2"'
    assert body["updated_at"] >= body["created_at"]


async def test_a_stale_update_is_a_412_and_changes_nothing(client: AsyncClient) -> None:
    location = (await create(client)).headers["Location"]
    await client.patch(location, json={"name": "second"}, headers={"If-Match": '"1"'})

    stale = await client.patch(location, json={"name": "lost"}, headers={"If-Match": '"1"'})
    far = {"If-Match": f'"{10**18 - 1}"'}
    never = await client.patch(location, json={"name": "lost"}, headers=far)

    is_problem(stale, 412)
    is_problem(never, 412)
    assert (await client.get(location)).json()["name"] == "second"


@pytest.mark.parametrize("headers", [{}, {"If-Match": "*"}, {"If-Match": "1"}])
async def test_an_update_needs_if_match_with_a_version(
    client: AsyncClient, headers: dict[str, str]
) -> None:
    location = (await create(client)).headers["Location"]

    is_problem(await client.patch(location, json={"name": "x"}, headers=headers), 428)


async def test_updating_a_missing_{{ cookiecutter.resource_name }}_is_a_404(client: AsyncClient) -> None:
    response = await client.patch(f"{URL}/77", json={"name": "x"}, headers={"If-Match": '"1"'})

    is_problem(response, 404)


async def test_delete(client: AsyncClient) -> None:
    location = (await create(client)).headers["Location"]

    assert (await client.delete(location)).status_code == 204
    is_problem(await client.get(location), 404)
    is_problem(await client.delete(location), 404)


async def test_delete_with_a_stale_version_is_a_412(client: AsyncClient) -> None:
    location = (await create(client)).headers["Location"]

    is_problem(await client.delete(location, headers={"If-Match": '"7"'}), 412)
    assert (await client.delete(location, headers={"If-Match": '"1"'})).status_code == 204


async def test_bulk_create_keeps_the_input_order(client: AsyncClient) -> None:
    names = [f"n{i}" for i in (3, 1, 2)]

    response = await client.post(f"{URL}/bulk", json={"items": [{"name": n} for n in names]})

    assert response.status_code == 201
    assert [item["name"] for item in response.json()["items"]] == names
    assert (await client.get(URL)).json()["total"] == 3


async def test_a_bulk_create_with_one_bad_item_stores_nothing(client: AsyncClient) -> None:
    items = [{"name": "good"}, {"name": ""}]

    body = is_problem(await client.post(f"{URL}/bulk", json={"items": items}), 422)

    assert body["errors"][0]["loc"] == ["body", "items", 1, "name"]
    assert (await client.get(URL)).json()["total"] == 0


async def test_list_by_offset(client: AsyncClient) -> None:
    ids = [(await create(client, f"n{i}")).json()["id"] for i in range(5)]

    body = (await client.get(URL, params={"offset": 1, "limit": 2})).json()

    assert [item["id"] for item in body["items"]] == ids[1:3]
    assert (body["total"], body["offset"], body["limit"]) == (5, 1, 2)
    assert body["next_cursor"] is not None


async def test_cursor_pages_walk_every_row_once_in_the_sort_order(client: AsyncClient) -> None:
    names = ["b", "a", "c", "a", "b", "d", "a"]
    await client.post(f"{URL}/bulk", json={"items": [{"name": n} for n in names]})

    seen: list[tuple[str, int]] = []
    page = (await client.get(URL, params={"sort": "-name", "limit": 3})).json()
    while True:
        assert page["total"] is None or page["offset"] == 0
        seen += [(item["name"], item["id"]) for item in page["items"]]
        if page["next_cursor"] is None:
            break
        page = (await client.get(URL, params={"cursor": page["next_cursor"], "limit": 3})).json()
        assert (page["total"], page["offset"]) == (None, None)

    assert seen == sorted(seen, key=lambda pair: (pair[0], pair[1]), reverse=True)
    assert len(seen) == len(names)


async def test_cursor_by_creation_time_keeps_its_filter(client: AsyncClient) -> None:
    for name in ["apple", "banana", "apricot", "cherry", "grape apple"]:
        await create(client, name)

    params = {"sort": "created_at", "limit": "1", "name_contains": "AP"}
    first = (await client.get(URL, params=params)).json()
    rest = (await client.get(URL, params={"cursor": first["next_cursor"], "limit": 5})).json()

    names = [item["name"] for item in first["items"] + rest["items"]]
    assert names == ["apple", "apricot", "grape apple"]
    assert rest["next_cursor"] is None


async def test_filters(client: AsyncClient) -> None:
    made = [(await create(client, name)).json() for name in ["100% real", "100 real", "other"]]

    async def names(**params: str) -> list[str]:
        return [item["name"] for item in (await client.get(URL, params=params)).json()["items"]]

    assert await names(name="other") == ["other"]
    assert await names(name_contains="0%") == ["100% real"]
    assert await names(created_after=made[0]["created_at"]) == ["100 real", "other"]
    assert await names(created_before=made[1]["created_at"]) == ["100% real"]
    assert await names(created_before="2000-01-01T00:00:00Z") == []
    assert await names(created_after="2000-01-01T00:00:00+02:00", sort="-id") == [
        "other",
        "100 real",
        "100% real",
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "description"},
        {"limit": "0"},
        {"limit": "101"},
        {"offset": "-1"},
        {"cursor": "not-a-cursor"},
        {"cursor": "e30"},
        {"cursor": "W10"},
        {"offset": "0", "cursor": "e30"},
        {"created_after": "2026-01-01T00:00:00"},
    ],
)
async def test_bad_list_queries_are_422_problems(
    client: AsyncClient, params: dict[str, str]
) -> None:
    body = is_problem(await client.get(URL, params=params), 422)

    assert body["errors"]


async def test_ready(client: AsyncClient) -> None:
    assert (await client.get("/ready")).json() == {"status": "ok", "checks": {"database": "ok"}}
