"""Real services (RABBITMQ_URL{% if cookiecutter.use_redis == "yes" %}, REDIS_URL{% endif %}) and broker names unique to each test."""

import os
import signal
import socket
import uuid
from collections.abc import AsyncIterator, Iterator

import aio_pika
import pytest
{%- if cookiecutter.use_redis == "yes" %}
from redis.asyncio import Redis
{%- endif %}

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import topology_of

from tests.integration.broker_proxy import BrokerProxy


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.integration)


def _service_url(variable: str) -> str:
    url = os.environ.get(variable)
    if not url:
        message = f"set {variable} to run the integration tests that need it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def rabbitmq_url() -> str:
    return _service_url("RABBITMQ_URL")
{%- if cookiecutter.use_redis == "yes" %}


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    """A client of the Redis from REDIS_URL; tests use keys unique to them."""
    client = Redis.from_url(_service_url("REDIS_URL"))
    yield client
    await client.aclose()
{%- endif %}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
async def settings(rabbitmq_url: str) -> AsyncIterator[Settings]:
    """Settings on a throw-away exchange and queue, deleted after the test."""
    suffix = uuid.uuid4().hex[:12]
    settings = Settings(
        rabbitmq_url=rabbitmq_url,
        rabbitmq_exchange=f"test.{suffix}.events",
        rabbitmq_queue=f"q.test.{suffix}",
        rabbitmq_prefetch=5,
        retry_delays_seconds=(0.1, 0.2),
        shutdown_timeout_seconds=5.0,
        host="127.0.0.1",
        port=_free_port(),
    )
    yield settings
    connection = await aio_pika.connect(rabbitmq_url)
    async with connection:
        await topology_of(settings).delete(await connection.channel())


@pytest.fixture
def harmless_sigterm() -> Iterator[None]:
    """Should the worker's handler not be installed, a SIGTERM is ignored, not fatal."""
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture
async def broker_proxy(rabbitmq_url: str) -> AsyncIterator[BrokerProxy]:
    proxy = BrokerProxy(rabbitmq_url)
    await proxy.start()
    try:
        yield proxy
    finally:
        await proxy.cut()
