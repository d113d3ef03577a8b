"""Counters per key for throttling, each in a window that starts with the key's first hit.

Hand-written rather than a library's: the middleware needs the exact count in the window
(the first update over the limit gets a notice, the rest are dropped silently).
"""

import time
from typing import Protocol
{%- if cookiecutter.maturity_level | int >= 3 %}

from redis.asyncio import Redis
from redis.exceptions import RedisError
from structlog.stdlib import get_logger

logger = get_logger(__name__)
{%- endif %}


class RateLimiter(Protocol):
    async def hit(self, key: str) -> int:
        """Count one more hit for ``key``; return the hits in the current window."""
        ...


class MemoryRateLimiter:
    """Counts in this process; ended windows are dropped once many keys pile up."""

    def __init__(self, window_seconds: float, max_keys: int = 10_000) -> None:
        self._window_seconds = window_seconds
        self._max_keys = max_keys
        self._counts: dict[str, tuple[float, int]] = {}  # key -> (window start, hits)

    async def hit(self, key: str) -> int:
        now = time.monotonic()
        started, count = self._counts.get(key, (now, 0))
        if now - started >= self._window_seconds:
            started, count = now, 0
        self._counts[key] = (started, count + 1)
        if len(self._counts) > self._max_keys:
            self._counts = {
                k: v for k, v in self._counts.items() if now - v[0] < self._window_seconds
            }
        return count + 1
{%- if cookiecutter.maturity_level | int >= 3 %}


class RedisRateLimiter:
    """Counts shared by every replica of the bot, under ``ratelimit:<prefix>:<key>``: the
    first hit creates the counter with the window as its time to live."""

    def __init__(self, redis: Redis, prefix: str, window_seconds: float) -> None:
        self._redis = redis
        self._prefix = prefix
        self._window_ms = int(window_seconds * 1000)

    async def hit(self, key: str) -> int:
        name = f"ratelimit:{self._prefix}:{key}"
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.set(name, 0, px=self._window_ms, nx=True)
                pipe.incr(name)
                _, count = await pipe.execute()
        except RedisError as error:
            # Throttling is a courtesy: with Redis down, serve the user rather than drop them.
            logger.warning("throttle.unavailable", error=repr(error))
            return 0
        return int(count)
{%- endif %}
