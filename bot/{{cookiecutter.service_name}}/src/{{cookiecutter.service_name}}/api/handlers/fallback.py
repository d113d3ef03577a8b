"""Messages that no feature handles."""

from aiogram import Router
from aiogram.types import Message

from {{ cookiecutter.service_name }}.api import texts


async def unknown(message: Message) -> None:
    await message.answer(texts.UNKNOWN)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(unknown)
    return router
