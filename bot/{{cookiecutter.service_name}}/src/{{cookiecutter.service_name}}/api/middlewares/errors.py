"""A failing handler: the user gets a polite answer, the error is logged and reported."""

from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

{% if cookiecutter.maturity_level | int >= 2 -%}
import sentry_sdk
{% endif -%}
from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Chat, TelegramObject, Update
from structlog.stdlib import get_logger

from {{ cookiecutter.service_name }}.api.i18n import Translator
{%- if cookiecutter.maturity_level | int >= 3 %}
from {{ cookiecutter.service_name }}.core import metrics
{%- endif %}

logger = get_logger(__name__)


class ReportErrors(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            return await handler(event, data)
        except Exception:
            update_type = event.event_type if isinstance(event, Update) else type(event).__name__
            logger.exception("update.failed", update_type=update_type)
            {%- if cookiecutter.maturity_level | int >= 2 %}
            sentry_sdk.capture_exception()  # a no-op unless SENTRY_DSN is set
            {%- endif %}
            {%- if cookiecutter.maturity_level | int >= 3 %}
            metrics.ERRORS.labels(update_type).inc()
            {%- endif %}
            chat: Chat | None = data.get("event_chat")
            if chat is not None:
                bot: Bot = data["bot"]
                i18n: Translator = data["i18n"]
                # The reply is a courtesy: failing to send it must not hide the first error.
                with suppress(TelegramAPIError):
                    await bot.send_message(chat.id, i18n("error"))
            return None
