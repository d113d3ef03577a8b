"""At most ``limit`` updates per user and window; the first one over gets a polite notice."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import Chat, TelegramObject, User
from structlog.stdlib import get_logger

from {{ cookiecutter.service_name }}.api.i18n import Translator
from {{ cookiecutter.service_name }}.infrastructure.rate_limit import RateLimiter

logger = get_logger(__name__)


class Throttle(BaseMiddleware):
    def __init__(self, limiter: RateLimiter, limit: int) -> None:
        self._limiter = limiter
        self._limit = limit

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        count = await self._limiter.hit(str(user.id))
        if count <= self._limit:
            return await handler(event, data)
        if count == self._limit + 1:
            logger.info("update.throttled", user_id=user.id, limit=self._limit)
            chat: Chat | None = data.get("event_chat")
            if chat is not None:
                bot: Bot = data["bot"]
                i18n: Translator = data["i18n"]
                await bot.send_message(chat.id, i18n("throttled"))
        return None
