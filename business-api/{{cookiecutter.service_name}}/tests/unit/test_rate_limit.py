{%- set per_credential = cookiecutter.maturity_level|int >= 4 and cookiecutter.auth != "none" -%}
"""Rate limiting: 429 Problem Details with ``Retry-After`` once the budget is spent."""
{%- if cookiecutter.use_redis == "yes" %}

import socket
{%- endif %}

import httpx
{%- if cookiecutter.use_redis == "no" %}
import pytest
{%- endif %}
from fastapi import FastAPI
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import FixedWindowRateLimiter, RateLimiter
from starlette.types import Scope

from {{ cookiecutter.service_name }}.api.rate_limit import (
    RateLimitMiddleware,
    client_keys,
    create_rate_limiter,
)
{%- if cookiecutter.use_redis == "yes" %}
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.infrastructure.redis import create_redis
{%- else %}
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import create_app
{%- endif %}


def limited_app(limiter: RateLimiter, limit: str) -> httpx.AsyncClient:
    app = FastAPI()

    @app.get("/ping")
    async def ping() -> dict[str, str]:
        return {"pong": "yes"}

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    app.add_middleware(RateLimitMiddleware, limiter=limiter, limit=limit)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_the_request_over_the_limit_gets_429_with_retry_after() -> None:
    async with limited_app(FixedWindowRateLimiter(MemoryStorage()), "2/minute") as client:
        answers = [await client.get("/ping") for _ in range(3)]
        health = await client.get("/health")

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[2].headers["content-type"] == "application/problem+json"
    assert 1 <= int(answers[2].headers["retry-after"]) <= 60
    assert health.status_code == 200


def test_budgets_are_per_client_ip{% if per_credential %}_and_credential{% endif %}() -> None:
    scope: Scope = {"type": "http", "client": ("10.0.0.1", 5000), "headers": []}

    assert client_keys(scope) == ["ip:10.0.0.1"]
    assert client_keys({**scope, "client": None}) == ["ip:unknown"]
{%- if per_credential %}
    with_key = {**scope, "headers": [(b"x-api-key", b"secret")]}
    ip, credential = client_keys(with_key)
    assert ip == "ip:10.0.0.1"
    assert credential.startswith("credential:")
    assert "secret" not in credential
{%- endif %}
{%- if cookiecutter.use_redis == "yes" %}


async def test_requests_pass_when_redis_is_down(settings: Settings) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    redis = create_redis(settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{port}/0"}))

    async with limited_app(create_rate_limiter(redis), "1/minute") as client:
        answers = [await client.get("/ping") for _ in range(3)]
    await redis.aclose()

    assert [answer.status_code for answer in answers] == [200, 200, 200]
{%- else %}


async def test_the_app_limits_with_the_configured_rate(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"rate_limit": "1/minute"}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        first = await client.get("/nowhere")
        second = await client.get("/nowhere")

    assert (first.status_code, second.status_code) == (404, 429)
    assert isinstance(create_rate_limiter(), FixedWindowRateLimiter)


@pytest.mark.parametrize("value", ["often", "5 per fortnight"])
def test_a_malformed_rate_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="rate_limit"):
        Settings(rate_limit=value)
{%- endif %}
