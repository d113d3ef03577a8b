"""The Telegram Bot API client, pointed at Telegram or at a self-hosted Bot API server."""

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramRetryAfter, TelegramServerError
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from structlog.stdlib import get_logger
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from {{ cookiecutter.service_name }}.core.settings import Settings

logger = get_logger(__name__)


class RetryRequests(BaseRequestMiddleware):
    """Waits as long as Telegram asks on 429 (flood control) and retries its 5xx answers."""

    def __init__(self, attempts: int = 5, first_backoff_seconds: float = 0.5) -> None:
        self._attempts = attempts
        self._backoff = wait_exponential_jitter(
            multiplier=first_backoff_seconds,
            max=20 * first_backoff_seconds,
            jitter=first_backoff_seconds,
        )

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, TelegramRetryAfter):
            return float(error.retry_after)
        return self._backoff(state)

    def _log(self, state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        logger.warning(
            "telegram.retry",
            error=type(error).__name__,
            attempt=state.attempt_number,
            wait_seconds=round(state.upcoming_sleep, 2),
        )

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._attempts),
            wait=self._wait,
            retry=retry_if_exception_type((TelegramRetryAfter, TelegramServerError)),
            before_sleep=self._log,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await make_request(bot, method)
        raise AssertionError("unreachable: tenacity returns or raises")  # pragma: no cover


def create_bot(settings: Settings) -> Bot:
    """A bot that sends HTML-formatted messages through ``TELEGRAM_API_URL``."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(str(settings.telegram_api_url)))
    session.middleware(RetryRequests())
    return Bot(
        settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )
