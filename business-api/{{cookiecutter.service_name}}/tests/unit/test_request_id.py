"""Request IDs: reused when well-formed, generated otherwise, echoed, and in every log line."""

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.types import Message, Receive, Scope, Send

from {{ cookiecutter.service_name }}.api.request_id import RequestIdMiddleware
from {{ cookiecutter.service_name }}.core.request_id import accept_or_generate, request_id_var
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import create_app


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.mark.parametrize("inbound", ["abc-123", "a" * 128, "trace.id:1_2"])
def test_well_formed_ids_are_reused(inbound: str) -> None:
    assert accept_or_generate(inbound) == inbound


@pytest.mark.parametrize("inbound", [None, "", "a" * 129, "has space", "new\nline"])
def test_other_ids_are_replaced(inbound: str | None) -> None:
    generated = accept_or_generate(inbound)

    assert generated != inbound
    assert len(generated) == 32


async def test_inbound_id_is_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", headers={"X-Request-ID": "abc-123"})

    assert response.headers["x-request-id"] == "abc-123"


async def test_an_id_is_generated_and_put_in_problems(client: httpx.AsyncClient) -> None:
    response = await client.get("/nowhere")

    assert len(response.headers["x-request-id"]) == 32
    assert response.json()["request_id"] == response.headers["x-request-id"]


async def test_the_id_is_set_only_during_the_request() -> None:
    seen: list[str | None] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(request_id_var.get())

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        raise AssertionError("nothing is sent")

    middleware = RequestIdMiddleware(app)
    await middleware({"type": "http", "headers": [(b"x-request-id", b"r-1")]}, receive, send)
    await middleware({"type": "lifespan"}, receive, send)

    assert seen == ["r-1", None]
    assert request_id_var.get() is None
