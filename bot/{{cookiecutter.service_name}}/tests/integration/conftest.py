"""The real bot, started with ``run(settings)``, against the fake Bot API server{{ " and Redis" if cookiecutter.__use_redis == "yes" }}.
{%- if cookiecutter.__use_redis == "yes" %}

A test that needs Redis and cannot find it is skipped locally and fails in CI (``CI=true``).
REDIS_URL is read when this module is imported, before the fixture that clears the bot's
own variables for each test.
{% endif %}"""

import asyncio
{%- if cookiecutter.__use_redis == "yes" %}
import os
{%- endif %}
import random
import signal
import socket
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import Message
{%- if cookiecutter.__use_redis == "yes" %}
from redis.asyncio import Redis
{%- endif %}

from {{ cookiecutter.service_name }} import app
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.infrastructure.telegram import create_bot

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
{%- if cookiecutter.__use_redis == "yes" %}
REDIS_URL = os.environ.get("REDIS_URL")


@pytest.fixture
def redis_url() -> str:
    """The URL of a real Redis, or skip (fail in CI) with the variable to set."""
    if not REDIS_URL:
        message = "set REDIS_URL to run the integration tests that need Redis"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return REDIS_URL


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    """A client of the Redis from REDIS_URL; tests use keys unique to them."""
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()
{%- endif %}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def settings(settings: Settings{{ ", redis_url: str" if cookiecutter.__use_redis == "yes" }}) -> Settings:
    """Port 8004's endpoints on a free loopback port, so that tests never clash over it."""
    return settings.model_copy(
        update={
            "host": "127.0.0.1",
            "port": free_port(),
            {%- if cookiecutter.__use_redis == "yes" %}
            "redis_url": redis_url,
            {%- endif %}
        }
    )


@pytest.fixture
def chat_id() -> int:
    """A user of this test alone: state and throttling counters{{ " in the shared Redis" if cookiecutter.__use_redis == "yes" }} start empty."""
    return random.randint(10**6, 10**9)


@pytest.fixture(autouse=True)
async def restore_signal_handlers() -> AsyncIterator[None]:
    """The bot hooks SIGTERM and SIGINT into the test's loop: give pytest its handlers back."""
    saved = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        loop = asyncio.get_running_loop()
        for sig, handler in saved.items():
            loop.remove_signal_handler(sig)
            signal.signal(sig, handler)


class SlowCommand:
    """``/slow``: replies once the test releases it, so it is in flight when the bot stops."""

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        self.cancelled = False

    async def handle(self, message: Message) -> None:
        self.started.set()
        try:
            await self.release.wait()
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        await message.answer("done")


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> SlowCommand:
    command = SlowCommand()
    router = Router()
    router.message.register(command.handle, Command("slow"))
    monkeypatch.setattr(app, "create_routers", lambda: [router])
    return command


@pytest.fixture
def bots(monkeypatch: pytest.MonkeyPatch) -> list[Bot]:
    """The bots that ``run`` creates, to look at their sessions afterwards."""
    created: list[Bot] = []

    def recording_create_bot(settings: Settings) -> Bot:
        created.append(create_bot(settings))
        return created[-1]

    monkeypatch.setattr(app, "create_bot", recording_create_bot)
    return created
