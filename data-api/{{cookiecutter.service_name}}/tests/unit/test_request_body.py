"""Request bodies: JSON only (415), at most ``MAX_REQUEST_BODY_BYTES`` (413), both refused
as Problem Details before the body is read."""

import json
from collections.abc import AsyncIterator

import pytest
from httpx import AsyncClient

from ..helpers import URL, app_on, serve

LIMIT = 1024
ONE = json.dumps({"name": "x"}).encode()
# Method, path, and the header that tells which media type the method takes there.
WRITES = [
    ("POST", URL, "Accept-Post"),
    ("POST", f"{URL}/bulk", "Accept-Post"),
    ("PATCH", f"{URL}/1", "Accept-Patch"),
]


@pytest.fixture
async def limited(sqlite_url: str) -> AsyncIterator[AsyncClient]:
    async with serve(app_on(sqlite_url, max_request_body_bytes=LIMIT)) as client:
        yield client


class Chunks:
    """A request body sent in chunks of 512 bytes, counting those the service took."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.taken = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.count):
            self.taken += 1
            yield b" " * 512


def assert_problem(response_status: int, body: dict[str, object], path: str) -> None:
    assert body["status"] == response_status
    assert body["instance"] == path
    assert isinstance(body["detail"], str)


@pytest.mark.parametrize(("method", "path", "accept"), WRITES)
@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "application/jsonx",
        None,
    ],
)
async def test_a_body_that_is_not_json_gets_a_415_problem(
    client: AsyncClient, method: str, path: str, accept: str, content_type: str | None
) -> None:
    headers = {"If-Match": '"1"'} | ({"Content-Type": content_type} if content_type else {})

    response = await client.request(method, path, content=ONE, headers=headers)

    assert response.status_code == 415
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers[accept] == "application/json"
    assert_problem(415, response.json(), path)
    assert (await client.get(URL)).json()["total"] == 0


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json; charset=utf-8",
        "application/json;charset=UTF-8",
        "Application/JSON",
        "application/merge-patch+json",
    ],
)
async def test_json_with_parameters_or_a_json_suffix_is_taken(
    client: AsyncClient, content_type: str
) -> None:
    created = await client.post(URL, content=ONE, headers={"Content-Type": content_type})
    assert created.status_code == 201

    changed = await client.patch(
        created.headers["Location"],
        content=b'{"description": "changed"}',
        headers={"Content-Type": content_type, "If-Match": '"1"'},
    )
    assert changed.status_code == 200


async def test_a_body_up_to_the_limit_is_taken(limited: AsyncClient) -> None:
    body = json.dumps({"name": "x", "description": "y" * (LIMIT - 40)}).encode()
    assert len(body) <= LIMIT

    response = await limited.post(URL, content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 201


@pytest.mark.parametrize(("method", "path", "accept"), WRITES)
async def test_a_body_announced_larger_than_the_limit_gets_a_413_unread(
    limited: AsyncClient, method: str, path: str, accept: str
) -> None:
    body = Chunks(1000)
    headers = {
        "Content-Type": "application/json",
        "Content-Length": str(512 * body.count),
        "If-Match": '"1"',
    }

    response = await limited.request(method, path, content=body, headers=headers)

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert_problem(413, response.json(), path)
    assert body.taken == 0


async def test_a_chunked_body_is_cut_off_at_the_limit(limited: AsyncClient) -> None:
    body = Chunks(1000)

    response = await limited.post(URL, content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 413
    assert "chunked" in response.request.headers["Transfer-Encoding"]
    assert body.taken <= LIMIT // 512 + 1
    assert (await limited.get(URL)).json()["total"] == 0


async def test_an_empty_body_is_left_to_validation(client: AsyncClient) -> None:
    response = await client.post(URL, headers={"Content-Type": "text/plain"})

    assert response.status_code == 422
