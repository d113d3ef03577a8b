{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""The cache when Redis is unreachable: every call still works, uncached."""

import socket
import time
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

{{ from_imports({
    pkg ~ ".domain." ~ res: [Res ~ "Changes", Res ~ "Query", "New" ~ Res],
    pkg ~ ".infrastructure.cache": ["Cached" ~ Res ~ "Repository"],
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".infrastructure.redis": ["create_redis", "redis_ready"],
}) }}

from ..fakes import InMemory{{ Res }}Repository


@pytest.fixture
async def unreachable_redis(settings: Settings) -> AsyncIterator[Redis]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = create_redis(settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{port}/0"}))
    yield client
    await client.aclose()


async def test_every_call_works_while_redis_is_down(unreachable_redis: Redis) -> None:
    inner = InMemory{{ Res }}Repository()
    cached = Cached{{ Res }}Repository(inner, unreachable_redis, ttl_seconds=60)
    started = time.monotonic()

    created = await cached.add(New{{ Res }}(name="First"), idempotency_key="k")
    [other] = await cached.add_many([New{{ Res }}(name="Second")])
    assert await cached.get(created.id) == created
    assert await cached.get(created.id) == created
    assert (await cached.list({{ Res }}Query())).total == 2
    updated = await cached.update(created.id, {{ Res }}Changes({"name": "Renamed"}), 1)
    await cached.delete(other.id)

    assert updated.version == 2
    assert inner.calls == 7
    assert time.monotonic() - started < 1
    assert not await redis_ready(unreachable_redis)
