"""Messages and buttons that no feature handles."""

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from {{ cookiecutter.service_name }}.api.i18n import Translator


async def unknown(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("unknown"))


async def expired_button(query: CallbackQuery, i18n: Translator) -> None:
    """A button of a dialogue that has ended (or of a bot that restarted without its state)."""
    await query.answer(i18n("button-expired"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(unknown)
    router.callback_query.register(expired_button)
    return router
