{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""Cache-aside in Redis in front of any ``{{ Res }}Repository``.

Reads by id are served from ``cache:<service>:{{ res }}:<id>`` when present, else read
through and stored with a TTL plus random jitter (so entries cached together do not expire
together). Updates and deletes drop the entry. When Redis fails, calls go straight to the
repository and Redis is left alone for a few seconds: the service keeps working, uncached.
"""

import random
import time
from collections.abc import Sequence

import structlog
from pydantic import TypeAdapter, ValidationError
from redis.asyncio import Redis
from redis.exceptions import RedisError

{{ from_imports({
    pkg ~ ".core.settings": ["SERVICE_NAME"],
    pkg ~ ".domain." ~ res: [Res, Res ~ "Changes", Res ~ "Page", Res ~ "Query", "New" ~ Res],
    pkg ~ ".domain.ports": [Res ~ "Repository"],
}) }}

logger = structlog.get_logger(__name__)

_ENTRY = TypeAdapter({{ Res }})
_PAUSE_SECONDS = 5.0


def cache_key({{ res }}_id: int) -> str:
    return f"cache:{SERVICE_NAME}:{{ res }}:{ {{- res }}_id}"


class Cached{{ Res }}Repository:
    """The repository port, cached; everything but reads by id goes straight to ``inner``."""

    def __init__(
        self,
        inner: {{ Res }}Repository,
        redis: Redis,
        ttl_seconds: int,
        jitter_seconds: int = 0,
    ) -> None:
        self._inner = inner
        self._redis = redis
        self._ttl = ttl_seconds
        self._jitter = jitter_seconds
        self._paused_until = 0.0

    async def add(
        self,
        new: New{{ Res }},
        idempotency_key: str | None = None,
    ) -> {{ Res }}:
        return await self._inner.add(new, idempotency_key)

    async def add_many(
        self,
        news: Sequence[New{{ Res }}],
    ) -> list[{{ Res }}]:
        return await self._inner.add_many(news)

    async def get(self, {{ res }}_id: int) -> {{ Res }}:
        key = cache_key({{ res }}_id)
        cached = await self._read(key)
        if cached is not None:
            try:
                return _ENTRY.validate_json(cached)
            except ValidationError:
                logger.warning("cache.corrupt_entry", key=key)
        found = await self._inner.get({{ res }}_id)
        await self._write(key, _ENTRY.dump_json(found))
        return found

    async def list(
        self,
        query: {{ Res }}Query,
    ) -> {{ Res }}Page:
        return await self._inner.list(query)

    async def update(
        self,
        {{ res }}_id: int,
        changes: {{ Res }}Changes,
        expected_version: int,
    ) -> {{ Res }}:
        try:
            return await self._inner.update({{ res }}_id, changes, expected_version)
        finally:
            await self._drop(cache_key({{ res }}_id))

    async def delete(
        self,
        {{ res }}_id: int,
        expected_version: int | None = None,
    ) -> None:
        try:
            await self._inner.delete({{ res }}_id, expected_version)
        finally:
            await self._drop(cache_key({{ res }}_id))

    async def _read(self, key: str) -> bytes | str | None:
        if self._paused():
            return None
        try:
            cached: bytes | str | None = await self._redis.get(key)
        except (RedisError, OSError) as exc:
            self._pause(exc)
            return None
        return cached

    async def _write(self, key: str, value: bytes) -> None:
        if self._paused():
            return
        ttl = self._ttl + random.randint(0, self._jitter)  # nosec B311 - spreads expiries only
        try:
            await self._redis.set(key, value, ex=ttl)
        except (RedisError, OSError) as exc:
            self._pause(exc)

    async def _drop(self, key: str) -> None:
        """Always attempted, even while paused: a stale entry must not outlive a write."""
        try:
            await self._redis.delete(key)
        except (RedisError, OSError) as exc:
            self._pause(exc)

    def _paused(self) -> bool:
        return time.monotonic() < self._paused_until

    def _pause(self, exc: Exception) -> None:
        logger.warning("cache.unavailable", error=str(exc), pause_seconds=_PAUSE_SECONDS)
        self._paused_until = time.monotonic() + _PAUSE_SECONDS
