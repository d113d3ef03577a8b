{%- set level = cookiecutter.maturity_level|int -%}
{%- set per_credential = level >= 4 and cookiecutter.auth != "none" -%}
"""Rate limiting (pure ASGI middleware) with the ``limits`` library: 429 and ``Retry-After``.

Each client IP has its own budget{% if per_credential %}, and so has each credential (API key or
bearer token, by its hash): a request must fit in both{% endif %}.
{%- if cookiecutter.use_redis == "yes" %}
The counters live in Redis, shared by every replica.
{%- else %}
The counters live in process memory: each replica has its own.
{%- endif %}
If the store fails, requests pass (fail open) and a warning is logged.
"""

{% if per_credential -%}
import hashlib
{% endif -%}
import math
import time
{%- if cookiecutter.use_redis == "yes" %}
from typing import Any
{%- endif %}

import structlog
from fastapi import Request, status
from limits import RateLimitItem, parse
{%- if cookiecutter.use_redis == "yes" %}
from limits.aio.storage import RedisStorage
{%- else %}
from limits.aio.storage import MemoryStorage
{%- endif %}
from limits.aio.strategies import FixedWindowRateLimiter, RateLimiter
{%- if cookiecutter.use_redis == "yes" %}
from redis.asyncio import Redis
{%- endif %}
from starlette.types import ASGIApp, Receive, Scope, Send

from {{ cookiecutter.service_name }}.api.errors import problem
{%- if cookiecutter.use_redis == "yes" %}
from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME
{%- endif %}

logger = structlog.get_logger(__name__)

EXEMPT_PATHS = frozenset({"/health", "/ready", "/metrics"})
{%- if per_credential %}
_CREDENTIAL_HEADERS = (b"authorization", b"x-api-key")
{%- endif %}


{% if cookiecutter.use_redis == "yes" -%}
def create_rate_limiter(redis: Redis) -> RateLimiter:
    """A fixed-window limiter over the service's Redis pool (one round trip per request)."""
    options: dict[str, Any] = {"connection_pool": redis.connection_pool}
    prefix = f"ratelimit:{SERVICE_NAME}"
    storage = RedisStorage("async+redis://", implementation="redispy", key_prefix=prefix, **options)
    return FixedWindowRateLimiter(storage)
{%- else -%}
def create_rate_limiter() -> RateLimiter:
    """A fixed-window limiter in process memory."""
    return FixedWindowRateLimiter(MemoryStorage())
{%- endif %}


def client_keys(scope: Scope) -> list[str]:
    """The budgets a request draws on: its client IP{% if per_credential %}, and its credential if any{% endif %}."""
    client = scope.get("client")
    keys = [f"ip:{client[0] if client else 'unknown'}"]
{%- if per_credential %}
    for name, value in scope["headers"]:
        if name in _CREDENTIAL_HEADERS:
            keys.append(f"credential:{hashlib.sha256(value).hexdigest()[:32]}")
            break
{%- endif %}
    return keys


class RateLimitMiddleware:
    """Answers 429 with ``Retry-After`` once a client spends its budget."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, limit: str) -> None:
        self.app = app
        self.limiter = limiter
        self.limit: RateLimitItem = parse(limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        for key in client_keys(scope):
            retry_after = await self._spend(key)
            if retry_after is not None:
                detail = f"Too many requests; retry in {retry_after} s"
                headers = {"Retry-After": str(retry_after)}
                response = problem(
                    Request(scope), status.HTTP_429_TOO_MANY_REQUESTS, detail, headers=headers
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _spend(self, key: str) -> int | None:
        """``None`` when the request is allowed, else the seconds until the window resets."""
        try:
            if await self.limiter.hit(self.limit, key):
                return None
            stats = await self.limiter.get_window_stats(self.limit, key)
        except Exception as exc:  # any failure of the store: fail open
            logger.warning("rate_limit.store_failed", error=str(exc))
            return None
        return max(1, math.ceil(stats.reset_time - time.time()))
