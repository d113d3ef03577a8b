"""A real RabbitMQ from RABBITMQ_URL, and broker names unique to each test."""

import os
import signal
import socket
import uuid
from collections.abc import AsyncIterator, Iterator

import aio_pika
import pytest

from {{ cookiecutter.service_name }}.core.settings import Settings

from tests.integration.broker_proxy import BrokerProxy


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.integration)


@pytest.fixture
def rabbitmq_url() -> str:
    url = os.environ.get("RABBITMQ_URL")
    if not url:
        message = "set RABBITMQ_URL to run the RabbitMQ integration tests"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


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
        shutdown_timeout_seconds=5.0,
        host="127.0.0.1",
        port=_free_port(),
    )
    yield settings
    connection = await aio_pika.connect(rabbitmq_url)
    async with connection:
        channel = await connection.channel()
        await channel.queue_delete(settings.rabbitmq_queue)
        await channel.exchange_delete(settings.rabbitmq_exchange)


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
