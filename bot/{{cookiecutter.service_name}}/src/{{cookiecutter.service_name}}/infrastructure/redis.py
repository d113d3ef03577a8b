"""The bot's Redis connections: a bounded pool, so that a burst of updates waits for a free
connection instead of opening one each; short timeouts, so that a slow Redis fails fast."""

from redis.asyncio import BlockingConnectionPool, Redis

from {{ cookiecutter.service_name }}.core.settings import Settings

MAX_CONNECTIONS = 20


def create_redis(settings: Settings) -> Redis:
    pool = BlockingConnectionPool.from_url(
        str(settings.redis_url),
        max_connections=MAX_CONNECTIONS,
        timeout=5,  # waiting for a free connection
        socket_connect_timeout=2,
        socket_timeout=2,
        health_check_interval=30,
    )
    return Redis.from_pool(pool)
