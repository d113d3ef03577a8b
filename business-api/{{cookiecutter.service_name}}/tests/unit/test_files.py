{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set events = cookiecutter.use_rabbitmq == "yes" or cookiecutter.websocket == "yes" -%}
{%- set local = cookiecutter.file_storage == "local" -%}
{%- set imports = {
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain." ~ res: ["New" ~ Res],
    pkg ~ ".main": ["create_app"],
} -%}
{%- if local %}{% set _ = imports.update({
    pkg ~ ".domain.files": ["FileTooLargeError", "StoredFileNotFoundError"],
    pkg ~ ".infrastructure.local_storage": ["LocalFileStorage"],
}) %}{% else %}{% set _ = imports.update({
    pkg ~ ".infrastructure.s3_storage": ["S3FileStorage", "create_s3_client"],
}) %}{% endif -%}
"""File upload and download through the API: streamed, limited in size (413) and type (415),
all or nothing{% if local %}; and the local-disk storage{% else %}, on the S3 server of the tests{% endif %}."""

from collections.abc import AsyncIterator
{%- if local %}
from pathlib import Path
{%- endif %}

import httpx
import pytest

{{ from_imports(imports) }}

{% if events -%}
from ..fakes import InMemory{{ Res }}Repository, RecordingPublisher
{%- else -%}
from ..fakes import InMemory{{ Res }}Repository
{%- endif %}

URL = "/api/v1/{{ cookiecutter.resource_plural }}"


{% if local -%}
def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


async def chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def test_local_storage_round_trip(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path)

    stored = await storage.save("a/1", "text/plain", chunks(b"hello ", b"world"), 100)
    found, content = await storage.open("a/1")

    assert (stored.size, found.content_type) == (11, "text/plain")
    assert b"".join([part async for part in content]) == b"hello world"


async def test_an_oversized_file_leaves_nothing_behind(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path)

    with pytest.raises(FileTooLargeError):
        await storage.save("a/1", "text/plain", chunks(b"x" * 60, b"x" * 60), 100)

    assert files_under(tmp_path) == []
    with pytest.raises(StoredFileNotFoundError):
        await storage.open("a/1")
    with pytest.raises(StoredFileNotFoundError):
        await storage.open("../outside")


@pytest.fixture
async def client(
    settings: Settings,
    auth_headers: dict[str, str],
    tmp_path: Path,
) -> AsyncIterator[httpx.AsyncClient]:
    limits = {"file_storage_dir": tmp_path, "file_max_bytes": 100}
    app = create_app(settings.model_copy(update=limits))
{%- else -%}
async def stored(settings: Settings) -> list[str]:
    """The objects and the unfinished multipart uploads in the bucket."""
    async with create_s3_client(settings) as s3:
        objects = await s3.list_objects_v2(Bucket=settings.s3_bucket)
        uploads = await s3.list_multipart_uploads(Bucket=settings.s3_bucket)
    found = [one["Key"] for one in objects.get("Contents", [])]
    return found + [one["Key"] for one in uploads.get("Uploads", [])]


@pytest.fixture
def limited(settings: Settings) -> Settings:
    return settings.model_copy(update={"file_max_bytes": 100})


@pytest.fixture
async def client(
    limited: Settings,
    auth_headers: dict[str, str],
    s3_bucket: str,
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(limited)
{%- endif %}
    repository = InMemory{{ Res }}Repository()
    await repository.add(New{{ Res }}(name="With a file"))
    app.state.{{ res }}_repository = repository
{%- if events %}
    app.state.event_publisher = RecordingPublisher()
{%- endif %}
    transport = httpx.ASGITransport(app=app)
{%- if local %}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth_headers
    ) as client:
        yield client
{%- else %}
    async with (
        create_s3_client(limited) as s3,
        httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=auth_headers
        ) as client,
    ):
        app.state.file_storage = S3FileStorage(s3, s3_bucket)  # what the lifespan sets
        yield client
{%- endif %}


async def test_upload_then_download(client: httpx.AsyncClient) -> None:
    headers = {"Content-Type": "text/plain"}

    uploaded = await client.put(f"{URL}/1/file", content=b"hello", headers=headers)
    downloaded = await client.get(f"{URL}/1/file")

    assert uploaded.status_code == 201
    assert uploaded.json() == {"content_type": "text/plain", "size": 5}
    assert downloaded.content == b"hello"
    assert downloaded.headers["content-type"].startswith("text/plain")


async def test_a_file_over_the_limit_answers_413_and_is_not_stored(
    client: httpx.AsyncClient,
{%- if local %}
    tmp_path: Path,
{%- else %}
    limited: Settings,
{%- endif %}
) -> None:
    async def streamed() -> AsyncIterator[bytes]:  # no Content-Length: counted as it comes
        for _ in range(3):
            yield b"x" * 60

    declared = await client.put(
        f"{URL}/1/file", content=b"x" * 101, headers={"Content-Type": "text/plain"}
    )
    chunked = await client.put(
        f"{URL}/1/file", content=streamed(), headers={"Content-Type": "text/plain"}
    )

    assert declared.status_code == chunked.status_code == 413
    assert chunked.headers["content-type"] == "application/problem+json"
{%- if local %}
    assert files_under(tmp_path) == []
{%- else %}
    assert await stored(limited) == []
{%- endif %}


async def test_an_unaccepted_type_answers_415(client: httpx.AsyncClient) -> None:
    headers = {"Content-Type": "application/x-msdownload"}

    response = await client.put(f"{URL}/1/file", content=b"MZ", headers=headers)

    assert response.status_code == 415


@pytest.mark.parametrize("url", [f"{URL}/1/file", f"{URL}/2/file"])
async def test_missing_files_answer_404(client: httpx.AsyncClient, url: str) -> None:
    assert (await client.get(url)).status_code == 404


async def test_uploading_for_an_unknown_id_answers_404(client: httpx.AsyncClient) -> None:
    headers = {"Content-Type": "text/plain"}

    assert (await client.put(f"{URL}/2/file", content=b"x", headers=headers)).status_code == 404
