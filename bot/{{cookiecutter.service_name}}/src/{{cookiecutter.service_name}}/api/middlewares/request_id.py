"""Gives each update a request ID, logged with it and sent to the business API."""

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from {{ cookiecutter.service_name }}.core.request_id import bind_request_id


class RequestId(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        bind_request_id(uuid.uuid4().hex)
        return await handler(event, data)
