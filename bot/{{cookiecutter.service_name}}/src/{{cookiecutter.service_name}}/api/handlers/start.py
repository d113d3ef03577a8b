"""/start and /help."""

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message

from {{ cookiecutter.service_name }}.api import texts


async def start(message: Message) -> None:
    user = message.from_user
    await message.answer(texts.greeting(user.full_name if user else None))


async def show_help(message: Message) -> None:
    await message.answer(texts.help_text())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(start, CommandStart())
    router.message.register(show_help, Command("help"))
    return router
