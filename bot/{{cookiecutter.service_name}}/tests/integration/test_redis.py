"""Against a real Redis: {{ "the shared throttling counters and " if cookiecutter.maturity_level | int >= 3 }}the readiness check."""
{% if cookiecutter.maturity_level | int >= 3 %}
import asyncio
import uuid
{% endif %}
from aiogram import Bot
from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis

from {{ cookiecutter.service_name }}.api.health import create_health_app
from {{ cookiecutter.service_name }}.app import readiness_checks
{%- if cookiecutter.maturity_level | int >= 3 %}
from {{ cookiecutter.service_name }}.infrastructure.rate_limit import RedisRateLimiter
{%- endif %}

from tests.integration.conftest import free_port
{%- if cookiecutter.maturity_level | int >= 3 %}


async def test_counts_are_shared_and_expire_with_their_window(redis: Redis) -> None:
    prefix = f"test-{uuid.uuid4().hex}"
    one, other = RedisRateLimiter(redis, prefix, 60), RedisRateLimiter(redis, prefix, 60)

    assert [await one.hit("7"), await other.hit("7"), await one.hit("8")] == [1, 2, 1]
    assert 59_000 < await redis.pttl(f"ratelimit:{prefix}:7") <= 60_000

    short = RedisRateLimiter(redis, prefix, 0.05)
    assert [await short.hit("9"), await short.hit("9")] == [1, 2]
    await asyncio.sleep(0.1)
    assert await short.hit("9") == 1, "a new window starts after the first one expired"


async def test_a_redis_that_is_down_lets_updates_through() -> None:
    unreachable = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=1)

    assert await RedisRateLimiter(unreachable, "test", 60).hit("7") == 0
    await unreachable.aclose()
{%- endif %}


async def test_ready_reports_redis(bot: Bot, redis: Redis) -> None:
    unreachable = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=1)
    for client, status in ((redis, "ok"), (unreachable, "unavailable")):
        app = create_health_app(readiness_checks(bot, client))
        async with TestClient(TestServer(app)) as http:
            response = await http.get("/ready")
            assert (await response.json())["checks"]["redis"] == status
    await unreachable.aclose()
