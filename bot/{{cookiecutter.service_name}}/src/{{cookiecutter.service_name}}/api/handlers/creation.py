{%- set res = cookiecutter.resource_name -%}
"""/new_{{ res }}: asks for a name and a description, confirms, then creates it."""

import uuid
from typing import Any

from aiogram import F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InaccessibleMessage, Message

from {{ cookiecutter.service_name }}.api.i18n import Translator
from {{ cookiecutter.service_name }}.api.keyboards import Action, DialogueAction, dialogue_keyboard
from {{ cookiecutter.service_name }}.domain.resource import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    InvalidAnswer,
    clean_text,
)
from {{ cookiecutter.service_name }}.infrastructure.business_api import (
    BusinessApiClient,
    BusinessApiRejected,
    BusinessApiUnavailable,
)


class Creation(StatesGroup):
    name = State()
    description = State()
    confirm = State()


def problem_text(i18n: Translator, error: InvalidAnswer, max_length: int) -> str:
    return i18n(f"new-{error.problem.replace('_', '-')}", length=error.length, max=max_length)


def summary(i18n: Translator, data: dict[str, Any]) -> str:
    description = data["description"]
    return i18n(
        "new-confirm",
        name=html.quote(data["name"]),
        description=html.quote(description) if description else i18n("new-no-description"),
    )


async def begin(message: Message, state: FSMContext, i18n: Translator) -> None:
    await state.clear()
    # One key per dialogue: pressing Confirm again after a failure cannot create a duplicate.
    await state.update_data(idempotency_key=str(uuid.uuid4()))
    await state.set_state(Creation.name)
    await message.answer(
        i18n("new-ask-name", max=NAME_MAX_LENGTH),
        reply_markup=dialogue_keyboard(i18n, Action.CANCEL),
    )


async def take_name(message: Message, state: FSMContext, i18n: Translator) -> None:
    try:
        name = clean_text(message.text or "", NAME_MAX_LENGTH)
    except InvalidAnswer as error:
        await message.answer(problem_text(i18n, error, NAME_MAX_LENGTH))
        return
    await state.update_data(name=name)
    await state.set_state(Creation.description)
    await message.answer(
        i18n("new-ask-description", max=DESCRIPTION_MAX_LENGTH),
        reply_markup=dialogue_keyboard(i18n, Action.SKIP, Action.CANCEL),
    )


async def take_description(message: Message, state: FSMContext, i18n: Translator) -> None:
    try:
        description = clean_text(message.text or "", DESCRIPTION_MAX_LENGTH)
    except InvalidAnswer as error:
        await message.answer(problem_text(i18n, error, DESCRIPTION_MAX_LENGTH))
        return
    await ask_to_confirm(message, state, i18n, description)


async def skip_description(query: CallbackQuery, state: FSMContext, i18n: Translator) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await ask_to_confirm(query.message, state, i18n, None)


async def ask_to_confirm(
    message: Message, state: FSMContext, i18n: Translator, description: str | None
) -> None:
    data = await state.update_data(description=description)
    await state.set_state(Creation.confirm)
    await message.answer(
        summary(i18n, data), reply_markup=dialogue_keyboard(i18n, Action.CONFIRM, Action.CANCEL)
    )


async def confirm(
    query: CallbackQuery, state: FSMContext, i18n: Translator, business_api: BusinessApiClient
) -> None:
    await query.answer()
    message = query.message
    if message is None or isinstance(message, InaccessibleMessage):
        return
    data = await state.get_data()
    await message.edit_text(i18n("new-creating"))
    try:
        created = await business_api.create_{{ res }}(
            data["name"], data["description"], data["idempotency_key"]
        )
    except BusinessApiUnavailable:
        # The answers stay: the user presses Confirm again once the service is back.
        await message.edit_text(
            i18n("new-unavailable"),
            reply_markup=dialogue_keyboard(i18n, Action.CONFIRM, Action.CANCEL),
        )
        return
    except BusinessApiRejected as error:
        await state.clear()
        await message.edit_text(i18n("new-rejected", detail=html.quote(error.detail)))
        return
    await state.clear()
    await message.edit_text(i18n("new-created", id=str(created.id), name=html.quote(created.name)))


async def cancel(query: CallbackQuery, state: FSMContext, i18n: Translator) -> None:
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n("cancelled"))


async def text_only(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("new-text-only"))


async def use_buttons(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("new-use-buttons"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(begin, Command("new_{{ res }}"))
    router.message.register(take_name, Creation.name, F.text)
    router.message.register(take_description, Creation.description, F.text)
    router.message.register(text_only, StateFilter(Creation.name, Creation.description))
    router.message.register(use_buttons, Creation.confirm)
    router.callback_query.register(
        skip_description, Creation.description, DialogueAction.filter(F.action == Action.SKIP)
    )
    router.callback_query.register(
        confirm, Creation.confirm, DialogueAction.filter(F.action == Action.CONFIRM)
    )
    router.callback_query.register(
        cancel, StateFilter(Creation), DialogueAction.filter(F.action == Action.CANCEL)
    )
    return router
