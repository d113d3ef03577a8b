import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
{%- if cookiecutter.maturity_level|int >= 4 %}
from purgatory import AsyncCircuitBreakerFactory
{%- endif %}

from {{ cookiecutter.service_name }}.application.ports import PermanentError
{%- if cookiecutter.maturity_level|int >= 2 %}
from {{ cookiecutter.service_name }}.core.request_id import request_id_scope
{%- endif %}
from {{ cookiecutter.service_name }}.infrastructure.data_api import (
    DataApiClient,
    DataApiRejected,
    DataApiUnavailable,
    create_session,
)

from tests.fake_data_api import FakeDataApi

BODY = {"name": "loan 1", "description": None}


@pytest.fixture
def fake() -> FakeDataApi:
    return FakeDataApi()


@pytest.fixture
async def server(fake: FakeDataApi) -> AsyncIterator[TestServer]:
    server = TestServer(fake.app())
    await server.start_server()
    yield server
    await server.close()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with create_session(timeout=2, connect_timeout=1) as session:
        yield session


def client_for(session: aiohttp.ClientSession, base_url: str{% if cookiecutter.maturity_level|int >= 4 %}, threshold: int = 5{% endif %}) -> DataApiClient:
    return DataApiClient(
        session,
        base_url,
        "items",
{%- if cookiecutter.maturity_level|int >= 4 %}
        breaker=AsyncCircuitBreakerFactory(default_threshold=threshold, default_ttl=30),
{%- endif %}
        backoff_seconds=0,
    )


@pytest.fixture
def client(session: aiohttp.ClientSession, server: TestServer) -> DataApiClient:
    return client_for(session, str(server.make_url("")))


async def test_create_posts_the_body_with_its_idempotency_key(
    client: DataApiClient, fake: FakeDataApi
) -> None:
    created = await client.create(BODY, idempotency_key="event-1")

    assert created == {"id": 1, "version": 1, **BODY}
    assert fake.records == {"event-1": created}
    assert fake.requests[0]["Idempotency-Key"] == "event-1"


async def test_a_replay_creates_nothing_twice(client: DataApiClient, fake: FakeDataApi) -> None:
    first = await client.create(BODY, idempotency_key="event-1")
    again = await client.create(BODY, idempotency_key="event-1")

    assert again == first
    assert len(fake.records) == 1


async def test_transient_failures_are_retried(client: DataApiClient, fake: FakeDataApi) -> None:
    fake.failures = [503, 409]

    await client.create(BODY, idempotency_key="event-1")

    assert len(fake.requests) == 3
    assert len(fake.records) == 1


async def test_three_transient_failures_give_up_as_unavailable(
    client: DataApiClient, fake: FakeDataApi
) -> None:
    fake.failures = [503, 502, 504]

    with pytest.raises(DataApiUnavailable, match="504"):
        await client.create(BODY, idempotency_key="event-1")

    assert len(fake.requests) == 3


async def test_concurrent_creates_each_get_their_own_three_attempts(
    session: aiohttp.ClientSession,
) -> None:
    tries: Counter[str] = Counter()

    async def create(request: web.Request) -> web.Response:
        key = request.headers["Idempotency-Key"]
        tries[key] += 1
        await asyncio.sleep(0.01)
        if key == "poison":
            return web.json_response({"title": "Service Unavailable"}, status=503)
        return web.json_response({"id": len(tries)}, status=201)

    async def create_later(data_api: DataApiClient, key: str, delay: float) -> dict[str, Any]:
        await asyncio.sleep(delay)  # starts while the poison's attempts are under way
        return await data_api.create(BODY, idempotency_key=key)

    app = web.Application()
    app.router.add_post("/api/v1/items", create)
    server = TestServer(app)
    await server.start_server()
    try:
        data_api = client_for(session, str(server.make_url("")))
        poison, *good = await asyncio.gather(
            data_api.create(BODY, idempotency_key="poison"),
            *(create_later(data_api, f"good-{n}", 0.003 * n) for n in range(20)),
            return_exceptions=True,
        )
    finally:
        await server.close()

    assert isinstance(poison, DataApiUnavailable)
    assert tries["poison"] == 3
    assert not [result for result in good if isinstance(result, BaseException)]
    assert sum(tries.values()) == 3 + 20


async def test_a_refusal_is_permanent_and_not_retried(
    client: DataApiClient, fake: FakeDataApi
) -> None:
    fake.failures = [422]

    with pytest.raises(DataApiRejected, match="422") as error:
        await client.create(BODY, idempotency_key="event-1")

    assert isinstance(error.value, PermanentError)
    assert len(fake.requests) == 1


async def test_an_unreachable_data_api_is_unavailable(session: aiohttp.ClientSession) -> None:
    client = client_for(session, "http://127.0.0.1:9")

    with pytest.raises(DataApiUnavailable):
        await client.create(BODY, idempotency_key="event-1")
{%- if cookiecutter.maturity_level|int >= 2 %}


async def test_the_request_id_goes_along(client: DataApiClient, fake: FakeDataApi) -> None:
    with request_id_scope("req-42"):
        await client.create(BODY, idempotency_key="event-1")

    assert fake.requests[0]["X-Request-ID"] == "req-42"
{%- endif %}
{%- if cookiecutter.maturity_level|int >= 4 %}


async def test_the_circuit_opens_after_repeated_failures(
    session: aiohttp.ClientSession, server: TestServer, fake: FakeDataApi
) -> None:
    client = client_for(session, str(server.make_url("")), threshold=2)
    fake.failures = [503, 503]

    with pytest.raises(DataApiUnavailable, match="circuit open"):
        await client.create(BODY, idempotency_key="event-1")

    assert len(fake.requests) == 2  # the third attempt did not reach the data-api


async def test_refusals_do_not_open_the_circuit(
    session: aiohttp.ClientSession, server: TestServer, fake: FakeDataApi
) -> None:
    client = client_for(session, str(server.make_url("")), threshold=1)
    fake.failures = [422]

    with pytest.raises(DataApiRejected):
        await client.create(BODY, idempotency_key="event-1")
    await client.create(BODY, idempotency_key="event-1")

    assert len(fake.records) == 1
{%- endif %}
