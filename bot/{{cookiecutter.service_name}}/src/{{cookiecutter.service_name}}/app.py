"""Assembles the bot: routers, start-up tasks and the long-polling loop."""

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.types import BotCommand
from structlog.stdlib import get_logger

from {{ cookiecutter.service_name }}.api import texts
from {{ cookiecutter.service_name }}.api.handlers import create_router
from {{ cookiecutter.service_name }}.api.health import serve_health
from {{ cookiecutter.service_name }}.core.settings import Settings, SettingsError
from {{ cookiecutter.service_name }}.infrastructure.telegram import create_bot

logger = get_logger(__name__)


async def on_startup(bot: Bot) -> None:
    # Long polling and a webhook exclude each other: drop any webhook left from a deployment.
    await bot.delete_webhook()
    await bot.set_my_commands(
        [BotCommand(command=name, description=text) for name, text in texts.COMMANDS.items()]
    )
    logger.info("bot started", bot_id=bot.id)


def create_dispatcher() -> Dispatcher:
    dispatcher = Dispatcher()
    dispatcher.include_router(create_router())
    dispatcher.startup.register(on_startup)
    return dispatcher


async def run(settings: Settings) -> None:
    """Poll Telegram for updates until SIGINT or SIGTERM, then close the bot's session."""
    dispatcher = create_dispatcher()
    async with (
        create_bot(settings) as bot,
        serve_health(settings.host, settings.port),
    ):
        try:
            await dispatcher.start_polling(bot, close_bot_session=False)
        except TelegramUnauthorizedError:
            raise SettingsError("BOT_TOKEN: rejected by the Bot API (401 Unauthorized)") from None
    logger.info("bot stopped")
