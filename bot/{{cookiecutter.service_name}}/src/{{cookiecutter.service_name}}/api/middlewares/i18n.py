"""Picks the texts in the user's Telegram language: handlers receive them as ``i18n``."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from {{ cookiecutter.service_name }}.api.i18n import Translations


class UseLanguage(BaseMiddleware):
    def __init__(self, translations: Translations) -> None:
        self._translations = translations

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        data["i18n"] = self._translations.get(user.language_code if user else None)
        return await handler(event, data)
