{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
"""The S3 storage adapter against a real S3-compatible server (moto's, or ``TEST_S3_URL``)."""

import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from types_aiobotocore_s3 import S3Client

{{ from_imports({
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain.files": ["FileStorageUnavailableError", "FileTooLargeError", "StoredFileNotFoundError"],
    pkg ~ ".infrastructure.s3_storage": ["CHUNK_SIZE", "PART_SIZE", "S3FileStorage", "create_s3_client"],
    pkg ~ ".main": ["create_app"],
}) }}

pytestmark = pytest.mark.integration
URL = "/api/v1/{{ cookiecutter.resource_plural }}"


@pytest.fixture
async def client(settings: Settings, s3_bucket: str) -> AsyncIterator[S3Client]:
    async with create_s3_client(settings) as client:
        yield client


@pytest.fixture
def storage(client: S3Client, s3_bucket: str) -> S3FileStorage:
    return S3FileStorage(client, s3_bucket)


async def chunks(size: int, chunk: int = CHUNK_SIZE) -> AsyncIterator[bytes]:
    """``size`` bytes counting up modulo 251, so that misplaced parts would show."""
    content = bytes(i % 251 for i in range(size))
    for start in range(0, size, chunk):
        yield content[start : start + chunk]


async def read_all(content: AsyncIterator[bytes]) -> bytes:
    return b"".join([part async for part in content])


async def leftovers(client: S3Client, bucket: str) -> list[str]:
    """Objects and unfinished multipart uploads left in the bucket."""
    objects = await client.list_objects_v2(Bucket=bucket)
    uploads = await client.list_multipart_uploads(Bucket=bucket)
    found = [one["Key"] for one in objects.get("Contents", [])]
    return found + [one["Key"] for one in uploads.get("Uploads", [])]


def unreachable(settings: Settings) -> Settings:
    """The settings with S3 on a closed port, tried once per call."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    return settings.model_copy(update={"s3_endpoint_url": url, "s3_attempts": 1})


async def test_a_small_file_round_trips_with_its_type(storage: S3FileStorage) -> None:
    stored = await storage.save("a/1", "text/plain", chunks(1000, 300), 10_000)
    found, content = await storage.open("a/1")

    assert (stored.size, found.size, found.content_type) == (1000, 1000, "text/plain")
    assert await read_all(content) == await read_all(chunks(1000))


async def test_a_large_file_goes_up_in_parts_and_streams_back(
    storage: S3FileStorage,
    client: S3Client,
    s3_bucket: str,
) -> None:
    size = PART_SIZE + 1000  # a full part, then the rest

    await storage.save("a/big", "application/pdf", chunks(size), 2 * PART_SIZE)
    found, content = await storage.open("a/big")

    head = await client.head_object(Bucket=s3_bucket, Key="a/big")
    assert head["ETag"].strip('"').endswith("-2")  # a multipart upload of two parts
    assert (found.size, found.content_type) == (size, "application/pdf")
    assert await read_all(content) == await read_all(chunks(size))


async def test_replacing_a_file_keeps_the_last_one(storage: S3FileStorage) -> None:
    await storage.save("a/1", "text/plain", chunks(10), 100)
    await storage.save("a/1", "image/png", chunks(20), 100)

    found, content = await storage.open("a/1")

    assert (found.size, found.content_type, len(await read_all(content))) == (20, "image/png", 20)


@pytest.mark.parametrize("size", [150, PART_SIZE + 100])
async def test_an_oversized_file_leaves_nothing_behind(
    storage: S3FileStorage,
    client: S3Client,
    s3_bucket: str,
    size: int,
) -> None:
    limit = size - 50  # past one part, a multipart upload was started: it must be aborted

    with pytest.raises(FileTooLargeError):
        await storage.save("a/1", "text/plain", chunks(size), limit)

    assert await leftovers(client, s3_bucket) == []
    with pytest.raises(StoredFileNotFoundError):
        await storage.open("a/1")


async def test_ready_follows_the_bucket(settings: Settings, storage: S3FileStorage) -> None:
    async with create_s3_client(settings) as client:
        missing = S3FileStorage(client, "no-such-bucket")

        assert await storage.ready()
        assert not await missing.ready()


async def test_an_unreachable_store_is_unavailable_not_an_error(settings: Settings) -> None:
    async with create_s3_client(unreachable(settings)) as client:
        storage = S3FileStorage(client, settings.s3_bucket)

        assert not await storage.ready()
        with pytest.raises(FileStorageUnavailableError):
            await storage.save("a/1", "text/plain", chunks(10), 100)
        with pytest.raises(FileStorageUnavailableError):
            await storage.open("a/1")


async def test_ready_names_s3_when_the_bucket_is_unreachable(settings: Settings) -> None:
    app = create_app(settings)  # its bucket was never created
    transport = httpx.ASGITransport(app=app)
    http = httpx.AsyncClient(transport=transport, base_url="http://test")
    async with app.router.lifespan_context(app), http:
        response = await http.get("/ready")

    assert response.status_code == 503
    assert response.json()["checks"]["s3"] == "unavailable"
    assert response.json()["checks"]["data-api"] == "ok"


async def test_an_upload_while_s3_is_down_answers_503(
    settings: Settings,
    auth_headers: dict[str, str],
) -> None:
    app = create_app(unreachable(settings))
    transport = httpx.ASGITransport(app=app)
    http = httpx.AsyncClient(transport=transport, base_url="http://test", headers=auth_headers)
    async with app.router.lifespan_context(app), http:
        created = await http.post(URL, json={"name": "With a file"})
        url = f"{URL}/{created.json()['id']}/file"
        uploaded = await http.put(url, content=b"x", headers={"Content-Type": "text/plain"})
        downloaded = await http.get(url)

    assert uploaded.status_code == downloaded.status_code == 503
    assert uploaded.headers["content-type"] == "application/problem+json"
