from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.infrastructure.telegram import create_bot

from tests.fake_telegram import TOKEN, FakeTelegram


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
def settings(telegram: FakeTelegram) -> Settings:
    return Settings(bot_token=TOKEN, telegram_api_url=telegram.url)


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Bot]:
    async with create_bot(settings) as bot:
        yield bot
