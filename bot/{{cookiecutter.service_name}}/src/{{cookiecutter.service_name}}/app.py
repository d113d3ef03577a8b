{%- set redis = cookiecutter.__use_redis == "yes" -%}
{%- set webhook = cookiecutter.update_mode == "webhook" -%}
"""Assembles the bot: routers, middlewares, start-up tasks, {{ "the webhook server" if webhook else "the long-polling loop" }} and shutdown."""
{% if cookiecutter.fsm_storage == "redis" %}
from datetime import timedelta
{% endif %}
from aiogram import Bot, Dispatcher
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.exceptions import TelegramUnauthorizedError
{%- if cookiecutter.fsm_storage == "redis" %}
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.redis import RedisStorage
{%- else %}
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
{%- endif %}
from aiogram.types import BotCommand
{%- if redis %}
from redis.asyncio import Redis
{%- endif %}
from structlog.stdlib import get_logger

{% if cookiecutter.maturity_level | int >= 2 -%}
from {{ cookiecutter.service_name }}.api.debug import debug_routes
{% endif -%}
from {{ cookiecutter.service_name }}.api.handlers import create_routers
from {{ cookiecutter.service_name }}.api.handlers.start import COMMANDS
from {{ cookiecutter.service_name }}.api.health import Check, create_health_app, serve
from {{ cookiecutter.service_name }}.api.i18n import Translations
from {{ cookiecutter.service_name }}.api.middlewares.errors import ReportErrors
from {{ cookiecutter.service_name }}.api.middlewares.i18n import UseLanguage
{%- if cookiecutter.maturity_level | int >= 2 %}
from {{ cookiecutter.service_name }}.api.middlewares.request_id import RequestId
{%- endif %}
from {{ cookiecutter.service_name }}.api.middlewares.throttling import Throttle
from {{ cookiecutter.service_name }}.api.middlewares.tracking import TrackUpdates
{%- if webhook %}
from {{ cookiecutter.service_name }}.api.webhook import (
    WEBHOOK_PATH,
    CheckedRequestHandler,
    ensure_webhook,
    stop_signal,
)
{%- endif %}
from {{ cookiecutter.service_name }}.core.config import SettingsError
from {{ cookiecutter.service_name }}.core.lifecycle import InFlight
{%- if redis %}
from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings
{%- else %}
from {{ cookiecutter.service_name }}.core.settings import Settings
{%- endif %}
from {{ cookiecutter.service_name }}.infrastructure.business_api import BusinessApiClient
{%- if cookiecutter.maturity_level | int >= 3 %}
from {{ cookiecutter.service_name }}.infrastructure.rate_limit import RateLimiter, RedisRateLimiter
{%- else %}
from {{ cookiecutter.service_name }}.infrastructure.rate_limit import MemoryRateLimiter, RateLimiter
{%- endif %}
{%- if redis %}
from {{ cookiecutter.service_name }}.infrastructure.redis import create_redis
{%- endif %}
from {{ cookiecutter.service_name }}.infrastructure.telegram import create_bot

logger = get_logger(__name__)

TOKEN_REJECTED = "BOT_TOKEN: rejected by the Bot API (401 Unauthorized)"
{%- if cookiecutter.fsm_storage == "redis" %}

# An abandoned dialogue is forgotten after a day.
DIALOGUE_TTL = timedelta(days=1)
{%- endif %}


async def publish_commands(bot: Bot, translations: Translations) -> None:
    """The command menu in each language; the fallback's for every other language."""
    for language in translations.languages:
        i18n = translations.get(language)
        commands = [
            BotCommand(command=name, description=i18n(key)) for name, key in COMMANDS.items()
        ]
        await bot.set_my_commands(
            commands, language_code=None if i18n is translations.fallback else language
        )


async def on_startup(
    bot: Bot, dispatcher: Dispatcher, translations: Translations, settings: Settings
) -> None:
    {%- if webhook %}
    await ensure_webhook(bot, settings, dispatcher.resolve_used_update_types())
    {%- else %}
    # Long polling and a webhook exclude each other: drop any webhook left from a deployment.
    await bot.delete_webhook()
    {%- endif %}
    await publish_commands(bot, translations)
    logger.info("app.started", bot_id=bot.id)


def create_dispatcher(
    settings: Settings,
    *,
    in_flight: InFlight,
    business_api: BusinessApiClient,
    translations: Translations,
    storage: BaseStorage,
    limiter: RateLimiter,
) -> Dispatcher:
    """The dispatcher with every middleware, outermost first, and every router."""
    dispatcher = Dispatcher(
        storage=storage,
        business_api=business_api,
        translations=translations,
        settings=settings,
    )
    {%- if cookiecutter.maturity_level | int >= 2 %}
    dispatcher.update.outer_middleware(RequestId())
    {%- endif %}
    dispatcher.update.outer_middleware(TrackUpdates(in_flight))
    dispatcher.update.outer_middleware(UseLanguage(translations))
    dispatcher.update.outer_middleware(ReportErrors())
    dispatcher.update.outer_middleware(Throttle(limiter, settings.throttle_limit))
    dispatcher.include_routers(*create_routers())
    dispatcher.startup.register(on_startup)

    async def drain() -> None:
        cancelled = await in_flight.drain(settings.shutdown_timeout_seconds)
        if cancelled:
            logger.warning(
                "app.drain_timeout",
                cancelled=cancelled,
                timeout_seconds=settings.shutdown_timeout_seconds,
            )

    # aiogram does not wait for the handlers it started, and on shutdown it closes the FSM
    # storage: let the updates in flight finish before that.
    dispatcher.shutdown.handlers.insert(0, HandlerObject(callback=drain))
    return dispatcher


{% if cookiecutter.fsm_storage == "redis" -%}
def create_storage(redis: Redis) -> RedisStorage:
    """Dialogue state in Redis, under ``<service>:<chat id>:<user id>:...``."""
    return RedisStorage(
        redis,
        key_builder=DefaultKeyBuilder(prefix=SERVICE_NAME),
        state_ttl=DIALOGUE_TTL,
        data_ttl=DIALOGUE_TTL,
    )


{% endif -%}
def readiness_checks(bot: Bot{{ ", redis: Redis" if redis }}) -> dict[str, Check]:
    async def telegram() -> bool:
        return bool(await bot.get_me())
    {%- if redis %}

    async def redis_answers() -> bool:
        return bool(await redis.ping())
    {%- endif %}

    return {"telegram": telegram{{ ", \"redis\": redis_answers" if redis }}}


async def run(settings: Settings) -> None:
    """{{ "Serve the webhook" if webhook else "Poll Telegram" }} until SIGINT or SIGTERM, let the updates in flight finish, then close."""
    in_flight = InFlight()
    translations = Translations()
    {%- if redis %}
    redis = create_redis(settings)
    {%- endif %}
    async with (
        create_bot(settings) as bot,
        BusinessApiClient(
            str(settings.business_api_url), settings.business_api_timeout_seconds
        ) as business_api,
        {%- if redis %}
        redis,
        {%- endif %}
    ):
        dispatcher = create_dispatcher(
            settings,
            in_flight=in_flight,
            business_api=business_api,
            translations=translations,
            {%- if cookiecutter.fsm_storage == "redis" %}
            storage=create_storage(redis),
            {%- else %}
            storage=MemoryStorage(),
            {%- endif %}
            {%- if cookiecutter.maturity_level | int >= 3 %}
            limiter=RedisRateLimiter(redis, SERVICE_NAME, settings.throttle_window_seconds),
            {%- else %}
            limiter=MemoryRateLimiter(settings.throttle_window_seconds),
            {%- endif %}
        )
        checks = readiness_checks(bot{{ ", redis" if redis }})
        app = create_health_app(checks)
        {%- if cookiecutter.maturity_level | int >= 2 %}
        app.router.add_routes(debug_routes(settings, checks))
        {%- endif %}
        {%- if webhook %}
        secret = settings.webhook_secret.get_secret_value()
        handler = CheckedRequestHandler(dispatcher, bot, secret_token=secret)
        app.router.add_post(WEBHOOK_PATH, handler.handle)
        # What start_polling would pass to the start-up and shutdown handlers.
        context = {"bot": bot, "dispatcher": dispatcher, **dispatcher.workflow_data}
        try:
            with stop_signal() as stop:
                async with serve(app, settings.host, settings.port):
                    await dispatcher.emit_startup(**context)
                    await stop.wait()
        except TelegramUnauthorizedError:
            raise SettingsError(TOKEN_REJECTED) from None
        finally:
            # Telegram cannot reach the stopped server: finish what it already sent.
            await dispatcher.emit_shutdown(**context)
        {%- else %}
        async with serve(app, settings.host, settings.port):
            try:
                await dispatcher.start_polling(bot, close_bot_session=False)
            except TelegramUnauthorizedError:
                raise SettingsError(TOKEN_REJECTED) from None
        {%- endif %}
    logger.info("app.stopped")
