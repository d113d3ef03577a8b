{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set events = cookiecutter.use_rabbitmq == "yes" or cookiecutter.websocket == "yes" -%}
"""File upload and download: streamed, limited in size (413) and type (415), all or nothing."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

{{ from_imports({
    pkg ~ ".api.dependencies": ["get_" ~ res ~ "_repository"] + (["get_event_publisher"] if events else []),
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain.files": ["FileTooLargeError", "StoredFileNotFoundError"],
    pkg ~ ".domain." ~ res: ["New" ~ Res],
    pkg ~ ".infrastructure.local_storage": ["LocalFileStorage"],
    pkg ~ ".main": ["create_app"],
}) }}

{% if events -%}
from ..fakes import InMemory{{ Res }}Repository, RecordingPublisher
{%- else -%}
from ..fakes import InMemory{{ Res }}Repository
{%- endif %}

URL = "/api/v1/{{ cookiecutter.resource_plural }}"


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
    repository = InMemory{{ Res }}Repository()
    await repository.add(New{{ Res }}(name="With a file"))
    app.dependency_overrides[get_{{ res }}_repository] = lambda: repository
{%- if events %}
    app.dependency_overrides[get_event_publisher] = RecordingPublisher
{%- endif %}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth_headers
    ) as client:
        yield client


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
    tmp_path: Path,
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
    assert files_under(tmp_path) == []


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
