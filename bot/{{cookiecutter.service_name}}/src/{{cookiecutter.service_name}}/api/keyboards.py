"""Inline keyboards and their typed callback data."""

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from {{ cookiecutter.service_name }}.api.i18n import Translator


class Action(StrEnum):
    SKIP = "skip"
    CONFIRM = "confirm"
    CANCEL = "cancel"


class DialogueAction(CallbackData, prefix="new"):
    """A button of the creation dialogue; sent back by Telegram as ``new:<action>``."""

    action: Action


def dialogue_keyboard(i18n: Translator, *actions: Action) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in actions:
        builder.button(text=i18n(f"button-{action}"), callback_data=DialogueAction(action=action))
    return builder.as_markup()
