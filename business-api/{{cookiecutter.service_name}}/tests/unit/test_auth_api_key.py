{%- set events = cookiecutter.use_rabbitmq == "yes" or cookiecutter.websocket == "yes" -%}
"""API keys: hashed at rest, several active, revocable; 401 without a valid key, 403 without
the scope."""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from pydantic import ValidationError

from {{ cookiecutter.service_name }}.api.auth import READ_SCOPE, WRITE_SCOPE
from {{ cookiecutter.service_name }}.core.settings import ApiKeyEntry, Settings
from {{ cookiecutter.service_name }}.dev_token import main as dev_token
from {{ cookiecutter.service_name }}.infrastructure.api_keys import digest
from {{ cookiecutter.service_name }}.main import create_app

from ..fakes import InMemory{{ cookiecutter.resource_name.title().replace("_", "") }}Repository{% if events %}, RecordingPublisher{% endif %}

URL = "/api/v1/{{ cookiecutter.resource_plural }}"
KEYS = {"writer": "key-writer", "reader": "key-reader", "revoked": "key-revoked"}


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    entries = [
        ApiKeyEntry(name="writer", sha256=digest(KEYS["writer"]), scopes=[READ_SCOPE, WRITE_SCOPE]),
        ApiKeyEntry(name="reader", sha256=digest(KEYS["reader"]), scopes=[READ_SCOPE]),
        ApiKeyEntry(name="old", sha256=digest(KEYS["revoked"]), scopes=[READ_SCOPE], revoked=True),
    ]
    async with serve(settings.model_copy(update={"api_keys": entries})) as client:
        yield client


@asynccontextmanager
async def serve(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app over an empty in-memory repository: reads past authentication answer 404."""
    app = create_app(settings)
    repository = InMemory{{ cookiecutter.resource_name.title().replace("_", "") }}Repository()
    app.state.{{ cookiecutter.resource_name }}_repository = repository
{%- if events %}
    app.state.event_publisher = RecordingPublisher()
{%- endif %}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def call(client: httpx.AsyncClient, key: str | None, method: str = "GET") -> httpx.Response:
    headers = {"X-API-Key": key} if key is not None else {}
    return await client.request(method, f"{URL}/1", headers=headers)


@pytest.mark.parametrize("name", ["writer", "reader"])
async def test_every_active_key_passes(client: httpx.AsyncClient, name: str) -> None:
    response = await call(client, KEYS[name])

    assert response.status_code == 404  # past authentication


@pytest.mark.parametrize("key", [None, "", "unknown-key", KEYS["revoked"]])
async def test_missing_unknown_or_revoked_keys_answer_401(
    client: httpx.AsyncClient,
    key: str | None,
) -> None:
    response = await call(client, key)

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_missing_scope_answers_403(client: httpx.AsyncClient) -> None:
    response = await call(client, KEYS["reader"], method="DELETE")

    assert response.status_code == 403
    assert WRITE_SCOPE in response.json()["detail"]


def test_keys_are_stored_as_digests() -> None:
    assert digest("key-writer") != "key-writer"
    assert len(digest("key-writer")) == 64
    with pytest.raises(ValidationError):
        ApiKeyEntry(name="plain", sha256="key-writer")


def test_production_needs_an_active_key() -> None:
    revoked = ApiKeyEntry(name="old", sha256=digest("x"), revoked=True)

    with pytest.raises(ValidationError, match="API_KEYS"):
        Settings(environment="production", api_keys=[revoked])


async def test_make_token_prints_a_key_and_the_entry_that_accepts_it(
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dev_token([READ_SCOPE])

    key_line, entry_line = capsys.readouterr().out.strip().splitlines()
    key = key_line.rsplit(" ", 1)[1]
    [entry] = json.loads(entry_line.split(": ", 1)[1])
    assert entry["sha256"] == digest(key)
    assert key not in entry_line
    settings = settings.model_copy(update={"api_keys": [ApiKeyEntry(**entry)]})
    async with serve(settings) as client:
        assert (await call(client, key)).status_code == 404
