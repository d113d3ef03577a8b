"""The Telegram Bot API client, pointed at Telegram or at a self-hosted Bot API server."""

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from {{ cookiecutter.service_name }}.core.settings import Settings


def create_bot(settings: Settings) -> Bot:
    """A bot that sends HTML-formatted messages through ``TELEGRAM_API_URL``."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(str(settings.telegram_api_url)))
    return Bot(
        settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )
