"""The real long-polling loop against a fake Bot API server, stopped the way Docker stops it."""

import asyncio
import os
import signal
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiogram import Bot, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.filters import Command
from aiogram.types import Message
from pydantic import SecretStr
from structlog.testing import capture_logs

from {{ cookiecutter.service_name }} import app
from {{ cookiecutter.service_name }}.api import texts
from {{ cookiecutter.service_name }}.app import run
from {{ cookiecutter.service_name }}.core.config import SettingsError
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.infrastructure.telegram import create_bot

from tests.fake_telegram import FakeTelegram, message_update

pytestmark = pytest.mark.integration

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def assert_closed(url: str) -> None:
    with pytest.raises(aiohttp.ClientConnectionError):
        async with aiohttp.ClientSession() as session:
            await session.get(url)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Health endpoint on a free loopback port, so that tests never clash over 8004."""
    return settings.model_copy(update={"host": "127.0.0.1", "port": free_port()})


@pytest.fixture(autouse=True)
async def restore_signal_handlers() -> AsyncIterator[None]:
    """aiogram hooks SIGTERM and SIGINT into the test's loop: give pytest its handlers back."""
    saved = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        loop = asyncio.get_running_loop()
        for sig, handler in saved.items():
            loop.remove_signal_handler(sig)
            signal.signal(sig, handler)


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[asyncio.Task[None]]:
    """``run(settings)`` in a task, cancelled on the way out if a failing test left it running."""
    task = asyncio.create_task(run(settings))
    try:
        yield task
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def send_sigterm() -> None:
    """What ``docker stop`` sends; only with ``restore_signal_handlers`` active."""
    os.kill(os.getpid(), signal.SIGTERM)


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
    monkeypatch.setattr(app, "create_router", lambda: router)
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


def session_closed(bot: Bot) -> bool:
    assert isinstance(bot.session, AiohttpSession)
    client = bot.session._session  # opened on the first request, never reset to None
    return client is not None and client.closed


async def test_polls_replies_and_stops_on_sigterm(
    telegram: FakeTelegram, settings: Settings
) -> None:
    telegram.updates.append(message_update("/start", update_id=7))
    health_url = f"http://127.0.0.1:{settings.port}/health"

    async with running(settings) as polling:
        reply = await telegram.wait_for("sendMessage")
        assert reply.params["chat_id"] == "42"
        assert reply.params["text"] == texts.greeting("Ada")
        methods = [call.method for call in telegram.calls]
        assert methods.index("deleteWebhook") < methods.index("getUpdates")

        async with aiohttp.ClientSession() as session, session.get(health_url) as response:
            assert response.status == 200

        # The update is confirmed by asking for the next offset: Telegram will not resend it.
        await telegram.wait_for("getUpdates", offset="8")
        send_sigterm()
        await asyncio.wait_for(polling, timeout=5)

    await assert_closed(health_url)


async def test_sigterm_lets_the_update_in_flight_reply_first(
    telegram: FakeTelegram, settings: Settings, slow: SlowCommand, bots: list[Bot]
) -> None:
    telegram.updates.append(message_update("/slow"))

    async with running(settings) as polling:
        await asyncio.wait_for(slow.started.wait(), timeout=5)
        send_sigterm()
        await asyncio.sleep(0.3)
        assert not polling.done(), "stopped before the handler in flight had replied"
        assert not telegram.sent("sendMessage")

        slow.release.set()
        await asyncio.wait_for(polling, timeout=5)

    [reply] = telegram.sent("sendMessage")
    assert reply.params["text"] == "done"
    assert session_closed(bots[0])


async def test_a_handler_slower_than_the_shutdown_timeout_is_cancelled(
    telegram: FakeTelegram, settings: Settings, slow: SlowCommand, bots: list[Bot]
) -> None:
    settings = settings.model_copy(update={"shutdown_timeout_seconds": 0.2})
    telegram.updates.append(message_update("/slow"))

    with capture_logs() as logs:
        async with running(settings) as polling:
            await asyncio.wait_for(slow.started.wait(), timeout=5)
            send_sigterm()
            await asyncio.wait_for(polling, timeout=5)

    assert slow.cancelled
    assert not telegram.sent("sendMessage")
    assert session_closed(bots[0])
    [timeout] = [log for log in logs if log["event"] == "app.drain_timeout"]
    assert timeout["cancelled"] == 1
    assert [log["event"] for log in logs][-1] == "app.stopped"


async def test_a_token_telegram_rejects_stops_start_up(
    telegram: FakeTelegram, settings: Settings
) -> None:
    settings = settings.model_copy(update={"bot_token": SecretStr("42:" + "x" * 35)})

    with pytest.raises(SettingsError, match="BOT_TOKEN: rejected by the Bot API"):
        await asyncio.wait_for(run(settings), timeout=5)
    await assert_closed(f"http://127.0.0.1:{settings.port}/health")
