"""Assembles the bot: routers, middlewares, start-up tasks and the long-polling loop."""

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.types import BotCommand
from structlog.stdlib import get_logger

from {{ cookiecutter.service_name }}.api import texts
from {{ cookiecutter.service_name }}.api.handlers import create_router
from {{ cookiecutter.service_name }}.api.health import serve_health
from {{ cookiecutter.service_name }}.api.middlewares import TrackUpdates
from {{ cookiecutter.service_name }}.core.config import SettingsError
from {{ cookiecutter.service_name }}.core.lifecycle import InFlight
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.infrastructure.telegram import create_bot

logger = get_logger(__name__)


async def on_startup(bot: Bot) -> None:
    # Long polling and a webhook exclude each other: drop any webhook left from a deployment.
    await bot.delete_webhook()
    await bot.set_my_commands(
        [BotCommand(command=name, description=text) for name, text in texts.COMMANDS.items()]
    )
    logger.info("app.started", bot_id=bot.id)


def create_dispatcher(in_flight: InFlight) -> Dispatcher:
    dispatcher = Dispatcher()
    dispatcher.update.outer_middleware(TrackUpdates(in_flight))
    dispatcher.include_router(create_router())
    dispatcher.startup.register(on_startup)
    return dispatcher


async def run(settings: Settings) -> None:
    """Poll Telegram until SIGINT or SIGTERM, let the updates in flight finish, then close."""
    in_flight = InFlight()
    dispatcher = create_dispatcher(in_flight)
    async with (
        create_bot(settings) as bot,
        serve_health(settings.host, settings.port),
    ):
        try:
            await dispatcher.start_polling(bot, close_bot_session=False)
        except TelegramUnauthorizedError:
            raise SettingsError("BOT_TOKEN: rejected by the Bot API (401 Unauthorized)") from None
        # aiogram stops polling without waiting for the handlers it started: their replies
        # still need the bot's session, which leaving this block closes.
        cancelled = await in_flight.drain(settings.shutdown_timeout_seconds)
        if cancelled:
            logger.warning(
                "app.drain_timeout",
                cancelled=cancelled,
                timeout_seconds=settings.shutdown_timeout_seconds,
            )
    logger.info("app.stopped")
