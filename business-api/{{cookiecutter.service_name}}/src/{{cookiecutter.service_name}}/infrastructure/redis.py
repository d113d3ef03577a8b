"""The process-wide Redis client (cache{% if cookiecutter.maturity_level|int >= 3 %}, rate limits{% endif %}{% if cookiecutter.websocket == "yes" %}, WebSocket fan-out{% endif %})."""

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from {{ cookiecutter.service_name }}.core.settings import Settings


def create_redis(settings: Settings) -> Redis:
    """Short timeouts and no retries: a slow or absent Redis must not hold requests up."""
    return Redis.from_url(
        str(settings.redis_url),
        socket_timeout=settings.redis_timeout_seconds,
        socket_connect_timeout=settings.redis_timeout_seconds,
        retry=Retry(NoBackoff(), retries=0),
    )


async def redis_ready(redis: Redis) -> bool:
    """Whether Redis answers ``PING``."""
    try:
        return bool(await redis.ping())
    except (RedisError, OSError):
        return False
