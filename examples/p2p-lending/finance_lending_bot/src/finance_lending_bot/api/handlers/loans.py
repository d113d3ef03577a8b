"""/apply_loan: asks for the amount and the term, confirms, then applies for the loan."""

import uuid

from aiogram import F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InaccessibleMessage, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from finance_lending_bot.api.i18n import Translator
from finance_lending_bot.api.keyboards import Action
from finance_lending_bot.domain.loan import (
    MAX_AMOUNT,
    MAX_TERM_MONTHS,
    MIN_AMOUNT,
    MIN_TERM_MONTHS,
    InvalidNumber,
    loan_amount,
    loan_term,
)
from finance_lending_bot.infrastructure.business_api import (
    BusinessApiClient,
    BusinessApiRejected,
    BusinessApiUnavailable,
)


class Application(StatesGroup):
    amount = State()
    term = State()
    confirm = State()


class LoanAction(CallbackData, prefix="loan"):
    """A button of the /apply_loan dialogue; sent back by Telegram as ``loan:<action>``."""

    action: Action


def keyboard(i18n: Translator, *actions: Action) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in actions:
        builder.button(text=i18n(f"button-{action}"), callback_data=LoanAction(action=action))
    return builder.as_markup()


def number_problem(i18n: Translator, error: InvalidNumber) -> str:
    key = f"loan-{error.problem.replace('_', '-')}"
    return i18n(key, min=f"{error.minimum:,}", max=f"{error.maximum:,}")


async def begin(
    message: Message, state: FSMContext, i18n: Translator, business_api: BusinessApiClient
) -> None:
    await state.clear()
    try:
        borrower = await business_api.borrower_by_chat(message.chat.id)
    except BusinessApiRejected:
        await message.answer(i18n("loan-not-registered"))
        return
    except BusinessApiUnavailable:
        await message.answer(i18n("loan-unavailable"))
        return
    if borrower.kyc_status != "approved":
        await message.answer(i18n("loan-kyc-required", status=borrower.kyc_status))
        return
    # One key per dialogue: pressing Confirm again after a failure cannot apply twice.
    await state.update_data(borrower_id=borrower.id, idempotency_key=str(uuid.uuid4()))
    await state.set_state(Application.amount)
    await message.answer(
        i18n("loan-ask-amount", min=f"{MIN_AMOUNT:,}", max=f"{MAX_AMOUNT:,}"),
        reply_markup=keyboard(i18n, Action.CANCEL),
    )


async def take_amount(message: Message, state: FSMContext, i18n: Translator) -> None:
    try:
        amount = loan_amount(message.text or "")
    except InvalidNumber as error:
        await message.answer(number_problem(i18n, error))
        return
    await state.update_data(amount=amount)
    await state.set_state(Application.term)
    await message.answer(
        i18n("loan-ask-term", min=str(MIN_TERM_MONTHS), max=str(MAX_TERM_MONTHS)),
        reply_markup=keyboard(i18n, Action.CANCEL),
    )


async def take_term(message: Message, state: FSMContext, i18n: Translator) -> None:
    try:
        term = loan_term(message.text or "")
    except InvalidNumber as error:
        await message.answer(number_problem(i18n, error))
        return
    data = await state.update_data(term_months=term)
    await state.set_state(Application.confirm)
    await message.answer(
        i18n("loan-confirm", amount=f"{data['amount']:,}", term=str(term)),
        reply_markup=keyboard(i18n, Action.CONFIRM, Action.CANCEL),
    )


async def confirm(
    query: CallbackQuery, state: FSMContext, i18n: Translator, business_api: BusinessApiClient
) -> None:
    await query.answer()
    message = query.message
    if message is None or isinstance(message, InaccessibleMessage):
        return
    data = await state.get_data()
    await message.edit_text(i18n("loan-applying"))
    try:
        loan = await business_api.apply_loan(
            data["borrower_id"], data["amount"], data["term_months"], data["idempotency_key"]
        )
    except BusinessApiUnavailable:
        # The answers stay: the user presses Confirm again once the service is back.
        await message.edit_text(
            i18n("loan-unavailable"), reply_markup=keyboard(i18n, Action.CONFIRM, Action.CANCEL)
        )
        return
    except BusinessApiRejected as error:
        await state.clear()
        await message.edit_text(i18n("loan-rejected", detail=html.quote(error.detail)))
        return
    await state.clear()
    await message.edit_text(
        i18n("loan-applied", id=str(loan.id), amount=f"{loan.amount:,}", term=str(loan.term_months))
    )


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
    router.message.register(begin, Command("apply_loan"))
    router.message.register(take_amount, Application.amount, F.text)
    router.message.register(take_term, Application.term, F.text)
    router.message.register(text_only, StateFilter(Application.amount, Application.term))
    router.message.register(use_buttons, Application.confirm)
    router.callback_query.register(
        confirm, Application.confirm, LoanAction.filter(F.action == Action.CONFIRM)
    )
    router.callback_query.register(
        cancel, StateFilter(Application), LoanAction.filter(F.action == Action.CANCEL)
    )
    return router
