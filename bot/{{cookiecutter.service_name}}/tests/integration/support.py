"""Running the real bot in a test and stopping it the way Docker does."""

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
{%- if cookiecutter.update_mode == "webhook" %}
from typing import Any
{%- endif %}

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession

{% if cookiecutter.update_mode == "webhook" -%}
from {{ cookiecutter.service_name }}.api.webhook import SECRET_HEADER, WEBHOOK_PATH
{% endif -%}
from {{ cookiecutter.service_name }}.app import run
from {{ cookiecutter.service_name }}.core.settings import Settings
{% if cookiecutter.update_mode == "webhook" %}
from tests.conftest import WEBHOOK_SECRET
{% endif %}

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


async def assert_closed(url: str) -> None:
    with pytest.raises(aiohttp.ClientConnectionError):
        async with aiohttp.ClientSession() as session:
            await session.get(url)


async def wait_serving(url: str, seconds: float = 10) -> None:
    """Wait until ``url`` answers 200."""
    async with asyncio.timeout(seconds), aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.02)


async def wait_closed(url: str, seconds: float = 5) -> None:
    """Wait until nothing answers at ``url`` any more."""
    async with asyncio.timeout(seconds), aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.get(url):
                    await asyncio.sleep(0.02)
            except aiohttp.ClientConnectionError:
                return


def session_closed(bot: Bot) -> bool:
    assert isinstance(bot.session, AiohttpSession)
    client = bot.session._session  # opened on the first request, never reset to None
    return client is not None and client.closed
{%- if cookiecutter.update_mode == "webhook" %}


async def post(
    settings: Settings, body: dict[str, Any] | bytes, secret: str | None = WEBHOOK_SECRET
) -> tuple[int, dict[str, Any]]:
    """POST to the webhook as Telegram does; return the status and the JSON answer."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    data = body if isinstance(body, bytes) else None
    url = f"http://127.0.0.1:{settings.port}{WEBHOOK_PATH}"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=data, json=None if data else body, headers=headers) as response,
    ):
        return response.status, await response.json(content_type=None)
{%- endif %}
