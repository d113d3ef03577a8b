"""Requests to the Bot API wait as Telegram asks on 429 and retry its server errors."""

import time
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramServerError
from structlog.testing import capture_logs

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.infrastructure.telegram import RetryRequests, create_bot

from tests.fake_telegram import TOKEN, FakeTelegram


@pytest.fixture
async def bot(telegram: FakeTelegram) -> AsyncIterator[Bot]:
    """The bot's retry policy with short backoffs, so that the test runs in a second."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(telegram.url))
    session.middleware(RetryRequests(first_backoff_seconds=0.01))
    async with Bot(TOKEN, session=session) as bot:
        yield bot


async def test_waits_as_told_then_retries(telegram: FakeTelegram, bot: Bot) -> None:
    telegram.fail(429, retry_after=1)
    telegram.fail(500, times=2)
    started = time.monotonic()

    with capture_logs() as logs:
        message = await bot.send_message(42, "hello")

    assert message.text == "hello"
    assert time.monotonic() - started >= 1, "did not wait for retry_after"
    assert [call.method for call in telegram.calls] == ["sendMessage"]
    retries = [log for log in logs if log["event"] == "telegram.retry"]
    assert [log["error"] for log in retries] == [
        "TelegramRetryAfter",
        "TelegramServerError",
        "TelegramServerError",
    ]
    assert retries[0]["wait_seconds"] == 1


async def test_gives_up_after_five_attempts(telegram: FakeTelegram, bot: Bot) -> None:
    failure = telegram.fail(502, times=10)

    with pytest.raises(TelegramServerError):
        await bot.send_message(42, "hello")
    assert len(failure.calls) == 5


def test_the_real_bot_retries(settings: Settings) -> None:
    session = create_bot(settings).session

    assert any(isinstance(middleware, RetryRequests) for middleware in session.middleware)
