{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set imports = {
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain.errors": [
        "ConflictError",
        "DataSourceError",
        "DataSourceTimeoutError",
        "DataSourceUnavailableError",
        "RejectedError",
        Res ~ "NotFoundError",
        "VersionMismatchError",
        "VersionRequiredError",
    ],
    pkg ~ ".domain." ~ res: [Res ~ "Changes", Res ~ "Query", "MAX_ID", "New" ~ Res],
    pkg ~ ".infrastructure.http": ["create_http_session", "data_api_ready"],
    pkg ~ ".infrastructure." ~ res ~ "_repository": ["DataApi" ~ Res ~ "Repository"],
} -%}
{%- if cookiecutter.maturity_level|int >= 2 %}{% set _ = imports.update({pkg ~ ".core.request_id": ["request_id_var"]}) %}{% endif -%}
"""Contract tests: the data-api client over real HTTP, against the fake data-api."""

import socket
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
{%- if cookiecutter.maturity_level|int >= 4 %}
from pydantic import SecretStr
{%- endif %}

{{ from_imports(imports) }}

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
    return DataApi{{ Res }}Repository(session, data_api.url, max_backoff_seconds=0.01)


async def test_session_uses_the_configured_timeouts(session: aiohttp.ClientSession) -> None:
    assert (session.timeout.connect, session.timeout.total) == (0.5, 2.0)


async def test_add_posts_the_{{ res }}_and_returns_it_with_its_id(
    repository: DataApi{{ Res }}Repository,
    data_api: DataApiStub,
) -> None:
    created = await repository.add(New{{ Res }}(name="First", description="one"))

    assert (created.name, created.description, created.version) == ("First", "one", 1)
    assert isinstance(created.created_at, datetime)
    assert data_api.{{ cookiecutter.resource_plural }}[created.id]["name"] == "First"


async def test_add_with_a_key_is_replayed_not_duplicated(
    repository: DataApi{{ Res }}Repository,
    data_api: DataApiStub,
) -> None:
    first = await repository.add(New{{ Res }}(name="First"), idempotency_key="k-1")
    again = await repository.add(New{{ Res }}(name="First"), idempotency_key="k-1")

    assert again == first
    assert len(data_api.{{ cookiecutter.resource_plural }}) == 1
    assert data_api.requests[0][2]["Idempotency-Key"] == "k-1"
    with pytest.raises(RejectedError) as caught:
        await repository.add(New{{ Res }}(name="Other"), idempotency_key="k-1")
    assert caught.value.errors[0]["loc"] == ["header", "Idempotency-Key"]


async def test_add_many_returns_them_in_order(
    repository: DataApi{{ Res }}Repository,
) -> None:
    news = [New{{ Res }}(name="A"), New{{ Res }}(name="B")]

    created = await repository.add_many(news)

    assert [one.name for one in created] == ["A", "B"]


async def test_get_returns_what_add_stored(
    repository: DataApi{{ Res }}Repository,
) -> None:
    created = await repository.add(New{{ Res }}(name="First"))

    assert await repository.get(created.id) == created


async def test_base_url_with_trailing_slash_is_accepted(
    session: aiohttp.ClientSession,
    data_api: DataApiStub,
) -> None:
    repository = DataApi{{ Res }}Repository(session, data_api.url.rstrip("/") + "/")

    created = await repository.add(New{{ Res }}(name="First"))

    assert await repository.get(created.id) == created


async def test_unknown_id_raises_not_found(
    repository: DataApi{{ Res }}Repository,
) -> None:
    with pytest.raises({{ Res }}NotFoundError):
        await repository.get(42)
    with pytest.raises({{ Res }}NotFoundError):
        await repository.update(42, {{ Res }}Changes({"name": "A"}), 1)
    with pytest.raises({{ Res }}NotFoundError):
        await repository.delete(42)


async def test_list_by_offset_then_by_cursor(
    repository: DataApi{{ Res }}Repository,
) -> None:
    for name in ("C", "A", "B"):
        await repository.add(New{{ Res }}(name=name))

    first = await repository.list({{ Res }}Query(limit=2, offset=0, sort="name"))
    assert [one.name for one in first.items] == ["A", "B"]
    assert (first.total, first.offset, first.next_cursor is not None) == (3, 0, True)

    second = await repository.list({{ Res }}Query(limit=2, cursor=first.next_cursor))
    assert [one.name for one in second.items] == ["C"]
    assert (second.total, second.next_cursor) == (None, None)


async def test_list_filters(
    repository: DataApi{{ Res }}Repository,
) -> None:
    for name in ("apple", "banana", "apricot"):
        await repository.add(New{{ Res }}(name=name))
    now = datetime.now(UTC)

    exact = await repository.list({{ Res }}Query(name="banana"))
    contains = await repository.list({{ Res }}Query(name_contains="ap", sort="-id"))
    window = await repository.list(
        {{ Res }}Query(created_after=now - timedelta(hours=1), created_before=now)
    )

    assert [one.name for one in exact.items] == ["banana"]
    assert [one.name for one in contains.items] == ["apricot", "apple"]
    assert window.total == 3


async def test_malformed_cursor_is_rejected(
    repository: DataApi{{ Res }}Repository,
) -> None:
    with pytest.raises(RejectedError):
        await repository.list({{ Res }}Query(cursor="not-a-cursor"))


async def test_update_sends_if_match_and_returns_the_new_version(
    repository: DataApi{{ Res }}Repository,
    data_api: DataApiStub,
) -> None:
    created = await repository.add(New{{ Res }}(name="First"))

    changes = {{ Res }}Changes({"description": "d"})

    updated = await repository.update(created.id, changes, 1)

    assert (updated.description, updated.version) == ("d", 2)
    assert data_api.requests[-1][2]["If-Match"] == '"1"'
    with pytest.raises(VersionMismatchError):
        await repository.update(created.id, {{ Res }}Changes({"name": "B"}), 1)


async def test_delete_with_a_stale_version_is_refused(
    repository: DataApi{{ Res }}Repository,
    data_api: DataApiStub,
) -> None:
    created = await repository.add(New{{ Res }}(name="First"))

    with pytest.raises(VersionMismatchError):
        await repository.delete(created.id, expected_version=2)
    await repository.delete(created.id, expected_version=1)

    assert data_api.{{ cookiecutter.resource_plural }} == {}


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        ((409, '{"detail": "in progress"}'), ConflictError),
        ((428, "{}"), VersionRequiredError),
        ((422, "not json"), RejectedError),
        ((429, "{}"), DataSourceUnavailableError),
        ((500, '{"detail": "boom"}'), DataSourceUnavailableError),
        ((400, '{"detail": "bad request"}'), DataSourceError),
        ((201, "not json"), DataSourceError),
        ((201, '{"id": "one", "name": "First"}'), DataSourceError),
    ],
)
async def test_answers_map_to_domain_errors(
    repository: DataApi{{ Res }}Repository,
    data_api: DataApiStub,
    reply: tuple[int, str],
    error: type[Exception],
) -> None:
    data_api.reply = reply

    with pytest.raises(error):
        await repository.add(New{{ Res }}(name="First"))


async def test_rejections_of_the_data_api_raise_rejected(
    repository: DataApi{{ Res }}Repository,
) -> None:
    with pytest.raises(RejectedError):
        await repository.get(MAX_ID + 1)


async def test_idempotent_calls_are_retried_on_brief_unavailability(
    repository: DataApi{{ Res }}Repository,
    data_api: DataApiStub,
) -> None:
    created = await repository.add(New{{ Res }}(name="First"))
    data_api.fail_next = 2

    assert await repository.get(created.id) == created
    assert [method for method, *_ in data_api.requests] == ["POST", "GET", "GET", "GET"]


async def test_retries_stop_after_three_attempts(
    repository: DataApi{{ Res }}Repository,
    data_api: DataApiStub,
) -> None:
    data_api.fail_next = 5

    with pytest.raises(DataSourceUnavailableError):
        await repository.get(1)

    assert len(data_api.requests) == 3


async def test_post_is_retried_only_with_an_idempotency_key(
    repository: DataApi{{ Res }}Repository,
    data_api: DataApiStub,
) -> None:
    data_api.fail_next = 1
    with pytest.raises(DataSourceUnavailableError):
        await repository.add(New{{ Res }}(name="First"))
    assert len(data_api.requests) == 1

    data_api.fail_next = 1
    created = await repository.add(New{{ Res }}(name="First"), idempotency_key="k-2")

    assert created.name == "First"
    assert len(data_api.requests) == 3
{%- if cookiecutter.maturity_level|int >= 2 %}


async def test_the_request_id_is_forwarded(
    repository: DataApi{{ Res }}Repository,
    data_api: DataApiStub,
) -> None:
    token = request_id_var.set("req-42")
    try:
        await repository.add(New{{ Res }}(name="First"))
    finally:
        request_id_var.reset(token)

    assert data_api.requests[0][2]["X-Request-ID"] == "req-42"
{%- endif %}
{%- if cookiecutter.maturity_level|int >= 4 %}


async def test_the_data_api_key_goes_with_every_call(
    settings: Settings,
    data_api: DataApiStub,
) -> None:
    data_api.api_key = "key-of-this-service"
    keyed = settings.model_copy(update={"data_api_key": SecretStr("key-of-this-service")})
    async with create_http_session(keyed) as session:
        repository = DataApi{{ Res }}Repository(session, data_api.url)
        created = await repository.add(New{{ Res }}(name="First"))
        assert (await repository.get(created.id)).name == "First"
    async with create_http_session(settings) as session:
        with pytest.raises(DataSourceError):  # refused without it: 401, a bad gateway
            await DataApi{{ Res }}Repository(session, data_api.url).get(created.id)

    assert [headers.get("X-API-Key") for _, _, headers in data_api.requests] == [
        "key-of-this-service",
        "key-of-this-service",
        None,
    ]
{%- endif %}


async def test_refused_connection_means_unavailable(session: aiohttp.ClientSession) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    repository = DataApi{{ Res }}Repository(session, f"http://127.0.0.1:{port}")

    with pytest.raises(DataSourceUnavailableError, match="unreachable"):
        await repository.get(1)
    assert not await data_api_ready(session, f"http://127.0.0.1:{port}")


async def test_slow_answer_times_out_within_the_timeout(
    repository: DataApi{{ Res }}Repository,
    data_api: DataApiStub,
) -> None:
    data_api.delay = 3.0
    started = time.monotonic()

    with pytest.raises(DataSourceTimeoutError, match="timed out"):
        await repository.get(1)

    assert time.monotonic() - started < 2.9  # the 2 s timeout, with room for a busy machine


async def test_readiness_probe_follows_the_data_api(
    session: aiohttp.ClientSession,
    data_api: DataApiStub,
) -> None:
    assert await data_api_ready(session, data_api.url)

    await data_api.stop()

    assert not await data_api_ready(session, data_api.url)
