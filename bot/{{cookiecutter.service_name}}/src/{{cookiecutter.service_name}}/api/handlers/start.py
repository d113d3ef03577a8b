"""/start, /help and /cancel."""

from aiogram import Router, html
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from {{ cookiecutter.service_name }}.api.i18n import Translator

# Command -> key of its description, in the order /help lists them.
COMMANDS = {
    "start": "command-start",
    "help": "command-help",
    "new_{{ cookiecutter.resource_name }}": "command-new",
    "cancel": "command-cancel",
}


def help_text(i18n: Translator) -> str:
    lines = [f"/{command} - {i18n(key)}" for command, key in COMMANDS.items()]
    return "\n".join([i18n("help-header"), *lines])


async def start(message: Message, i18n: Translator) -> None:
    user = message.from_user
    if user is None:
        await message.answer(i18n("greeting-anonymous"))
    else:
        await message.answer(i18n("greeting", name=html.bold(html.quote(user.full_name))))


async def show_help(message: Message, i18n: Translator) -> None:
    await message.answer(help_text(i18n))


async def cancel(message: Message, state: FSMContext, i18n: Translator) -> None:
    if await state.get_state() is None:
        await message.answer(i18n("nothing-to-cancel"))
        return
    await state.clear()
    await message.answer(i18n("cancelled"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(start, CommandStart())
    router.message.register(show_help, Command("help"))
    router.message.register(cancel, Command("cancel"))
    return router
