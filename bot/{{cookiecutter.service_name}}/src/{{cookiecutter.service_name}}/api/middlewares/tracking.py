"""Counts each update as in flight (for shutdown) and logs ``update.handled`` without its text."""

import time
from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update
from structlog.stdlib import get_logger

{% if cookiecutter.maturity_level | int >= 3 -%}
from {{ cookiecutter.service_name }}.core import metrics
{% endif -%}
from {{ cookiecutter.service_name }}.core.lifecycle import InFlight
{%- if cookiecutter.maturity_level | int >= 4 %}
from {{ cookiecutter.service_name }}.core.tracing import tracer
{%- endif %}

logger = get_logger(__name__)


class TrackUpdates(BaseMiddleware):
    def __init__(self, in_flight: InFlight) -> None:
        self._in_flight = in_flight

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        update = cast("Update", event)  # registered on dispatcher.update only
        update_type = update.event_type
        started = time.perf_counter()
        {%- if cookiecutter.maturity_level | int >= 4 %}
        with (
            self._in_flight.track(),
            tracer.start_as_current_span(
                f"telegram.{update_type}", attributes={"telegram.update_id": update.update_id}
            ),
        ):
            result = await handler(event, data)
        {%- else %}
        with self._in_flight.track():
            result = await handler(event, data)
        {%- endif %}
        seconds = time.perf_counter() - started
        handled = result is not UNHANDLED
        {%- if cookiecutter.maturity_level | int >= 3 %}
        metrics.UPDATES.labels(update_type, str(handled).lower()).inc()
        metrics.LATENCY.labels(update_type).observe(seconds)
        {%- endif %}
        logger.info(
            "update.handled",
            update_id=update.update_id,
            update_type=update_type,
            handled=handled,
            duration_ms=round(seconds * 1000, 1),
        )
        return result
