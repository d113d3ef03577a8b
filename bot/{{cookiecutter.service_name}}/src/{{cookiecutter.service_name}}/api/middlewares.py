"""Middlewares around every update."""

import time
from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update
from structlog.stdlib import get_logger

from {{ cookiecutter.service_name }}.core.lifecycle import InFlight

logger = get_logger(__name__)


class TrackUpdates(BaseMiddleware):
    """Counts the update as in flight (for shutdown) and logs ``update.handled``."""

    def __init__(self, in_flight: InFlight) -> None:
        self._in_flight = in_flight

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        update = cast("Update", event)  # registered on dispatcher.update only
        started = time.perf_counter()
        with self._in_flight.track():
            result = await handler(event, data)
        logger.info(
            "update.handled",
            update_id=update.update_id,
            update_type=update.event_type,
            handled=result is not UNHANDLED,
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
        )
        return result
