"""The real long-polling loop against a fake Bot API server, stopped the way Docker stops it."""

import asyncio
import os
import signal
import socket

import aiohttp
import pytest
from pydantic import SecretStr

from {{ cookiecutter.service_name }}.api import texts
from {{ cookiecutter.service_name }}.app import run
from {{ cookiecutter.service_name }}.core.settings import Settings, SettingsError

from tests.fake_telegram import FakeTelegram, message_update

pytestmark = pytest.mark.integration


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


async def test_polls_replies_and_stops_on_sigterm(
    telegram: FakeTelegram, settings: Settings
) -> None:
    telegram.updates.append(message_update("/start", update_id=7))
    bot = asyncio.create_task(run(settings))

    reply = await telegram.wait_for("sendMessage")
    assert reply.params["chat_id"] == "42"
    assert reply.params["text"] == texts.greeting("Ada")
    methods = [call.method for call in telegram.calls]
    assert methods.index("deleteWebhook") < methods.index("getUpdates")

    health_url = f"http://127.0.0.1:{settings.port}/health"
    async with aiohttp.ClientSession() as session, session.get(health_url) as response:
        assert response.status == 200

    # The update is confirmed by asking for the next offset, so Telegram will not resend it.
    await telegram.wait_for("getUpdates", offset="8")
    os.kill(os.getpid(), signal.SIGTERM)
    await asyncio.wait_for(bot, timeout=5)

    await assert_closed(health_url)


async def test_a_token_telegram_rejects_stops_start_up(
    telegram: FakeTelegram, settings: Settings
) -> None:
    settings = settings.model_copy(update={"bot_token": SecretStr("42:" + "x" * 35)})

    with pytest.raises(SettingsError, match="BOT_TOKEN: rejected by the Bot API"):
        await asyncio.wait_for(run(settings), timeout=5)
    await assert_closed(f"http://127.0.0.1:{settings.port}/health")
