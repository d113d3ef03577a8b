"""/book (choose an open slot, confirm), /appointments (list) and /cancel (choose one).

The patient is the Telegram chat: registered with the business API on first use.
"""

from aiogram import F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InaccessibleMessage, Message

from healthcare_telemedicine_bot.api.i18n import Translator
from healthcare_telemedicine_bot.api.keyboards import (
    Action,
    CancelChoice,
    DialogueAction,
    SlotChoice,
    cancellations_keyboard,
    dialogue_keyboard,
    slots_keyboard,
)
from healthcare_telemedicine_bot.domain.resource import Appointment, when
from healthcare_telemedicine_bot.infrastructure.business_api import (
    BusinessApiClient,
    BusinessApiRejected,
    BusinessApiUnavailable,
)


class Booking(StatesGroup):
    choose = State()
    confirm = State()


async def patient_of(message: Message, business_api: BusinessApiClient) -> int:
    name = message.chat.full_name or f"Telegram {message.chat.id}"
    return await business_api.register_patient(name, message.chat.id)


def booked_text(i18n: Translator, appointment: Appointment) -> str:
    return i18n(
        "book-done",
        when=when(appointment.starts_at),
        doctor=str(appointment.doctor_id),
        room=html.quote(appointment.room_url),
    )


async def begin(
    message: Message, state: FSMContext, i18n: Translator, business_api: BusinessApiClient
) -> None:
    await state.clear()
    try:
        patient_id = await patient_of(message, business_api)
        slots = await business_api.open_slots()
    except BusinessApiUnavailable:
        await message.answer(i18n("unavailable"))
        return
    if not slots:
        await message.answer(i18n("book-no-slots"))
        return
    await state.update_data(patient_id=patient_id)
    await state.set_state(Booking.choose)
    await message.answer(i18n("book-choose"), reply_markup=slots_keyboard(i18n, slots))


async def choose(
    query: CallbackQuery, callback_data: SlotChoice, state: FSMContext, i18n: Translator
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    await state.update_data(slot_id=callback_data.slot_id)
    await state.set_state(Booking.confirm)
    await query.message.edit_text(
        i18n("book-confirm"), reply_markup=dialogue_keyboard(i18n, Action.CONFIRM, Action.CANCEL)
    )


async def confirm(
    query: CallbackQuery, state: FSMContext, i18n: Translator, business_api: BusinessApiClient
) -> None:
    await query.answer()
    message = query.message
    if message is None or isinstance(message, InaccessibleMessage):
        return
    data = await state.get_data()
    try:
        appointment = await business_api.book(data["patient_id"], data["slot_id"])
    except BusinessApiUnavailable:
        # The choice stays: the patient presses Confirm again once the service is back.
        await message.edit_text(
            i18n("book-unavailable"),
            reply_markup=dialogue_keyboard(i18n, Action.CONFIRM, Action.CANCEL),
        )
        return
    except BusinessApiRejected as error:
        await state.clear()
        key = "book-taken" if error.status == 409 else "book-rejected"
        await message.edit_text(i18n(key, detail=html.quote(error.detail)))
        return
    await state.clear()
    await message.edit_text(booked_text(i18n, appointment))


async def stop(query: CallbackQuery, state: FSMContext, i18n: Translator) -> None:
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n("cancelled"))


async def list_appointments(
    message: Message, i18n: Translator, business_api: BusinessApiClient
) -> None:
    try:
        patient_id = await patient_of(message, business_api)
        found = await business_api.appointments(patient_id)
    except BusinessApiUnavailable:
        await message.answer(i18n("unavailable"))
        return
    booked = [appointment for appointment in found if appointment.status == "booked"]
    if not booked:
        await message.answer(i18n("appointments-none"))
        return
    lines = [booked_text(i18n, appointment) for appointment in booked]
    await message.answer("\n\n".join([i18n("appointments-header"), *lines]))


async def choose_cancellation(
    message: Message, i18n: Translator, business_api: BusinessApiClient
) -> None:
    try:
        patient_id = await patient_of(message, business_api)
        found = await business_api.appointments(patient_id)
    except BusinessApiUnavailable:
        await message.answer(i18n("unavailable"))
        return
    booked = [appointment for appointment in found if appointment.status == "booked"]
    if not booked:
        await message.answer(i18n("nothing-to-cancel"))
        return
    await message.answer(i18n("cancel-choose"), reply_markup=cancellations_keyboard(i18n, booked))


async def cancel_appointment(
    query: CallbackQuery,
    callback_data: CancelChoice,
    i18n: Translator,
    business_api: BusinessApiClient,
) -> None:
    await query.answer()
    message = query.message
    if message is None or isinstance(message, InaccessibleMessage):
        return
    try:
        patient_id = await patient_of(message, business_api)
        cancelled = await business_api.cancel(patient_id, callback_data.appointment_id)
    except BusinessApiUnavailable:
        await message.edit_text(i18n("unavailable"))
        return
    except BusinessApiRejected as error:
        await message.edit_text(i18n("cancel-rejected", detail=html.quote(error.detail)))
        return
    await message.edit_text(i18n("cancel-done", when=when(cancelled.starts_at)))


async def use_buttons(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("use-buttons"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(begin, Command("book"))
    router.message.register(list_appointments, Command("appointments"))
    router.message.register(choose_cancellation, Command("cancel"), StateFilter(None))
    router.message.register(use_buttons, StateFilter(Booking))
    router.callback_query.register(choose, Booking.choose, SlotChoice.filter())
    router.callback_query.register(
        confirm, Booking.confirm, DialogueAction.filter(F.action == Action.CONFIRM)
    )
    router.callback_query.register(
        stop, StateFilter(Booking), DialogueAction.filter(F.action == Action.CANCEL)
    )
    router.callback_query.register(cancel_appointment, CancelChoice.filter())
    return router
