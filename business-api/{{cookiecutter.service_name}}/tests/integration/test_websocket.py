{%- set auth = cookiecutter.auth != "none" -%}
{%- set redis = cookiecutter.use_redis == "yes" -%}
"""The WebSocket over real HTTP: events pushed to subscribers, heartbeats{% if auth %}, authentication{% endif %}{% if redis %},
fan-out across replicas through Redis{% endif %}."""

import json
from collections.abc import AsyncIterator

import aiohttp
import pytest

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import create_app

from ..serve import serving

pytestmark = pytest.mark.integration

URL = "/api/v1/{{ cookiecutter.resource_plural }}"
EVENTS = URL + "/events"


@pytest.fixture
async def base_url(live_settings: Settings) -> AsyncIterator[str]:
    settings = live_settings.model_copy(update={"websocket_heartbeat_seconds": 0.3})
    async with serving(create_app(settings)) as url:
        yield url


@pytest.fixture
async def http(auth_headers: dict[str, str]) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(headers=auth_headers) as session:
        yield session


async def next_event(socket: aiohttp.ClientWebSocketResponse) -> dict[str, object]:
    """The next message that is not a heartbeat."""
    while True:
        message: dict[str, object] = json.loads(await socket.receive_str(timeout=5))
        if message.get("type") != "heartbeat":
            return message


async def test_subscribers_receive_each_change(
    base_url: str,
    http: aiohttp.ClientSession,
) -> None:
    async with http.ws_connect(base_url + EVENTS) as socket:
        async with http.post(base_url + URL, json={"name": "First"}) as answer:
            assert answer.status == 201
            created = await answer.json()

        event = await next_event(socket)

    assert event["event_type"] == "{{ cookiecutter.resource_name }}.created"
    assert event["payload"] == created


async def test_idle_connections_get_heartbeats(
    base_url: str,
    http: aiohttp.ClientSession,
) -> None:
    async with http.ws_connect(base_url + EVENTS) as socket:
        message = json.loads(await socket.receive_str(timeout=5))

    assert message == {"type": "heartbeat"}
{%- if auth %}


@pytest.mark.parametrize("credential", [None, "not-valid"])
async def test_connections_without_a_valid_credential_are_closed_with_1008(
    base_url: str,
    credential: str | None,
) -> None:
    query = {"access_token": credential} if credential else {}
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(base_url + EVENTS, params=query) as socket,
    ):
        message = await socket.receive(timeout=5)

    assert message.type is aiohttp.WSMsgType.CLOSE
    assert message.data == 1008


async def test_browsers_may_pass_the_credential_as_a_query_parameter(
    base_url: str,
    auth_headers: dict[str, str],
) -> None:
    credential = next(iter(auth_headers.values())).removeprefix("Bearer ")
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(base_url + EVENTS, params={"access_token": credential}) as socket,
    ):
        message = json.loads(await socket.receive_str(timeout=5))

    assert message == {"type": "heartbeat"}
{%- endif %}
{%- if redis %}


async def test_events_reach_subscribers_of_every_replica(
    live_settings: Settings,
    http: aiohttp.ClientSession,
) -> None:
    async with (
        serving(create_app(live_settings)) as replica_a,
        serving(create_app(live_settings)) as replica_b,
        http.ws_connect(replica_a + EVENTS) as socket,
    ):
        async with http.post(replica_b + URL, json={"name": "Elsewhere"}) as answer:
            created = await answer.json()

        event = await next_event(socket)

    assert event["payload"] == created
{%- endif %}
