from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Update

from {{ cookiecutter.service_name }}.api.i18n import Translations
from {{ cookiecutter.service_name }}.app import create_dispatcher
from {{ cookiecutter.service_name }}.core.lifecycle import InFlight
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.infrastructure.business_api import BusinessApiClient
from {{ cookiecutter.service_name }}.infrastructure.rate_limit import MemoryRateLimiter
from {{ cookiecutter.service_name }}.infrastructure.telegram import create_bot

from tests.fake_business_api import FakeBusinessApi
from tests.fake_telegram import TOKEN, FakeTelegram
from tests.recording import RecordingSession, recording_bot
{%- if cookiecutter.update_mode == "webhook" %}

WEBHOOK_SECRET = "test-webhook-secret-0123456789abcdef"
{%- endif %}

Feed = Callable[[dict[str, Any]], Awaitable[None]]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Settings come from the test alone: no inherited variables, no local .env file."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def business() -> AsyncIterator[FakeBusinessApi]:
    server = FakeBusinessApi()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def settings(telegram: FakeTelegram, business: FakeBusinessApi) -> Settings:
    return Settings(
        bot_token=TOKEN,
        telegram_api_url=telegram.url,
        business_api_url=business.url,
        {%- if cookiecutter.update_mode == "webhook" %}
        webhook_base_url="https://bot.example.com",
        webhook_secret=WEBHOOK_SECRET,
        {%- endif %}
    )


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Bot]:
    """A bot talking HTTP to the fake Bot API server."""
    async with create_bot(settings) as bot:
        yield bot


@pytest.fixture
def recorded() -> tuple[Bot, RecordingSession]:
    """A bot whose requests are recorded and answered without any network."""
    return recording_bot()


@pytest.fixture
async def business_api(settings: Settings) -> AsyncIterator[BusinessApiClient]:
    async with BusinessApiClient(str(settings.business_api_url), timeout_seconds=2) as client:
        yield client


@pytest.fixture
def dispatcher(settings: Settings, business_api: BusinessApiClient) -> Dispatcher:
    """The bot's dispatcher with in-process state and throttling."""
    return create_dispatcher(
        settings,
        in_flight=InFlight(),
        business_api=business_api,
        translations=Translations(),
        storage=MemoryStorage(),
        limiter=MemoryRateLimiter(settings.throttle_window_seconds),
    )


@pytest.fixture
def feed(dispatcher: Dispatcher, recorded: tuple[Bot, RecordingSession]) -> Feed:
    """Feed one raw update through the dispatcher to the recording bot."""
    bot, _ = recorded

    async def feed_update(update: dict[str, Any]) -> None:
        await dispatcher.feed_update(bot, Update.model_validate(update))

    return feed_update
