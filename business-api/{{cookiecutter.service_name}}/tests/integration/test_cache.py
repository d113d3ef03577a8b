{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""Cache-aside on the real Redis from REDIS_URL."""

import random

import pytest
from redis.asyncio import Redis

{{ from_imports({
    pkg ~ ".domain.errors": ["VersionMismatchError"],
    pkg ~ ".domain." ~ res: [Res ~ "Changes", "New" ~ Res],
    pkg ~ ".infrastructure.cache": ["Cached" ~ Res ~ "Repository", "cache_key"],
    pkg ~ ".infrastructure.redis": ["redis_ready"],
}) }}

from ..fakes import InMemory{{ Res }}Repository

pytestmark = pytest.mark.integration


@pytest.fixture
def inner() -> InMemory{{ Res }}Repository:
    """Ids far apart for each test, so tests sharing a Redis never share keys."""
    return InMemory{{ Res }}Repository(first_id=random.randrange(10**12))


@pytest.fixture
def cached(
    inner: InMemory{{ Res }}Repository,
    redis: Redis,
) -> Cached{{ Res }}Repository:
    return Cached{{ Res }}Repository(inner, redis, ttl_seconds=60, jitter_seconds=10)


async def test_reads_are_served_from_the_cache_with_a_jittered_ttl(
    cached: Cached{{ Res }}Repository,
    inner: InMemory{{ Res }}Repository,
    redis: Redis,
) -> None:
    created = await inner.add(New{{ Res }}(name="First"))
    calls = inner.calls

    assert await cached.get(created.id) == created
    assert await cached.get(created.id) == created

    assert inner.calls == calls + 1
    assert 55 <= await redis.ttl(cache_key(created.id)) <= 70
    assert await redis_ready(redis)


async def test_writes_invalidate_the_entry(
    cached: Cached{{ Res }}Repository,
    inner: InMemory{{ Res }}Repository,
    redis: Redis,
) -> None:
    created = await cached.add(New{{ Res }}(name="First"))
    await cached.get(created.id)

    updated = await cached.update(created.id, {{ Res }}Changes({"name": "Renamed"}), 1)

    assert await redis.exists(cache_key(created.id)) == 0
    assert await cached.get(created.id) == updated
    await cached.delete(created.id)
    assert await redis.exists(cache_key(created.id)) == 0


async def test_a_failed_write_still_drops_the_entry(
    cached: Cached{{ Res }}Repository,
    inner: InMemory{{ Res }}Repository,
    redis: Redis,
) -> None:
    created = await inner.add(New{{ Res }}(name="First"))
    await cached.get(created.id)

    with pytest.raises(VersionMismatchError):
        await cached.update(created.id, {{ Res }}Changes({"name": "Renamed"}), 7)

    assert await redis.exists(cache_key(created.id)) == 0


async def test_a_corrupt_entry_is_read_through(
    cached: Cached{{ Res }}Repository,
    inner: InMemory{{ Res }}Repository,
    redis: Redis,
) -> None:
    created = await inner.add(New{{ Res }}(name="First"))
    await redis.set(cache_key(created.id), b"not json", ex=60)

    assert await cached.get(created.id) == created
