{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""The data-api client over real HTTP, against the emulated data-api on a loopback port."""

import socket
import time
from collections.abc import AsyncIterator
from datetime import datetime

import aiohttp
import pytest

{{ from_imports({
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain.errors": ["DataSourceError", "DataSourceUnavailableError", Res ~ "NotFoundError"],
    pkg ~ ".domain." ~ res: ["MAX_ID", "New" ~ Res],
    pkg ~ ".infrastructure.http": ["create_http_session"],
    pkg ~ ".infrastructure." ~ res ~ "_repository": ["DataApi" ~ Res ~ "Repository"],
}) }}

from ..data_api_stub import DataApiStub


@pytest.fixture
async def session(settings: Settings) -> AsyncIterator[aiohttp.ClientSession]:
    async with create_http_session(settings) as session:
        yield session


@pytest.fixture
def repository(
    session: aiohttp.ClientSession,
    data_api: DataApiStub,
) -> DataApi{{ Res }}Repository:
    return DataApi{{ Res }}Repository(session, data_api.url)


async def test_session_uses_the_configured_timeouts(session: aiohttp.ClientSession) -> None:
    assert (session.timeout.connect, session.timeout.total) == (0.5, 0.5)


async def test_add_posts_the_{{ res }}_and_returns_it_with_its_id(
    repository: DataApi{{ Res }}Repository,
    data_api: DataApiStub,
) -> None:
    created = await repository.add(New{{ Res }}(name="First", description="one"))

    assert (created.name, created.description) == ("First", "one")
    assert isinstance(created.created_at, datetime)
    assert data_api.{{ cookiecutter.resource_plural }}[created.id]["name"] == "First"


async def test_get_returns_what_add_stored(
    repository: DataApi{{ Res }}Repository,
) -> None:
    created = await repository.add(New{{ Res }}(name="First"))

    assert await repository.get(created.id) == created


async def test_base_url_with_trailing_slash_is_accepted(
    session: aiohttp.ClientSession,
    data_api: DataApiStub,
) -> None:
    base_url = data_api.url.rstrip("/") + "/"
    repository = DataApi{{ Res }}Repository(session, base_url)

    created = await repository.add(New{{ Res }}(name="First"))

    assert await repository.get(created.id) == created


async def test_get_unknown_id_raises_not_found(
    repository: DataApi{{ Res }}Repository,
) -> None:
    with pytest.raises({{ Res }}NotFoundError):
        await repository.get(42)


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_server_errors_mean_unavailable(
    repository: DataApi{{ Res }}Repository,
    data_api: DataApiStub,
    status: int,
) -> None:
    data_api.reply = (status, '{"detail": "boom"}')

    with pytest.raises(DataSourceUnavailableError):
        await repository.get(1)
    with pytest.raises(DataSourceUnavailableError):
        await repository.add(New{{ Res }}(name="First"))


@pytest.mark.parametrize(
    "reply",
    [
        (400, '{"detail": "bad request"}'),
        (404, '{"detail": "no such route"}'),
        (201, "not json"),
        (201, '{"id": "one", "name": "First"}'),
    ],
)
async def test_unexpected_answers_to_add_raise_data_source_error(
    repository: DataApi{{ Res }}Repository,
    data_api: DataApiStub,
    reply: tuple[int, str],
) -> None:
    data_api.reply = reply

    with pytest.raises(DataSourceError) as caught:
        await repository.add(New{{ Res }}(name="First"))

    assert not isinstance(caught.value, DataSourceUnavailableError)


async def test_data_api_rejections_raise_data_source_error(
    repository: DataApi{{ Res }}Repository,
) -> None:
    with pytest.raises(DataSourceError, match="422"):
        await repository.add(New{{ Res }}(name="x" * 201))
    with pytest.raises(DataSourceError, match="422"):
        await repository.get(MAX_ID + 1)


async def test_refused_connection_means_unavailable(session: aiohttp.ClientSession) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}"
    repository = DataApi{{ Res }}Repository(session, base_url)

    with pytest.raises(DataSourceUnavailableError, match="unreachable"):
        await repository.get(1)


async def test_slow_answer_times_out_as_unavailable(
    repository: DataApi{{ Res }}Repository,
    data_api: DataApiStub,
) -> None:
    data_api.delay = 1.0
    started = time.monotonic()

    with pytest.raises(DataSourceUnavailableError, match="timed out"):
        await repository.get(1)

    assert time.monotonic() - started < 0.9
