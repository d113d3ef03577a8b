"""/book, /appointments and /cancel through the real dispatcher, without a network."""

from aiogram import Bot
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from aiogram.types import InlineKeyboardMarkup

from healthcare_telemedicine_bot.api.i18n import Translations

from tests.conftest import Feed
from tests.fake_business_api import FakeBusinessApi
from tests.fake_telegram import callback_update, message_update
from tests.recording import RecordingSession

i18n = Translations().get("en")
WHEN = "2030-01-07 09:00 UTC"
BOOKED = i18n("book-done", when=WHEN, doctor="7", room="https://rooms.test/r/abc")


def buttons(request: SendMessage | EditMessageText) -> list[str]:
    markup = request.reply_markup
    assert isinstance(markup, InlineKeyboardMarkup), "the message has no inline keyboard"
    return [str(button.callback_data) for row in markup.inline_keyboard for button in row]


async def send(feed: Feed, *texts: str, chat_id: int = 42) -> None:
    for number, text in enumerate(texts, 1):
        await feed(message_update(text, update_id=number, chat_id=chat_id))


async def press(feed: Feed, data: str, update_id: int = 100, chat_id: int = 42) -> None:
    await feed(callback_update(data, update_id=update_id, chat_id=chat_id))


async def test_book_choose_confirm(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded

    await send(feed, "/book")
    [choose] = session.sent(SendMessage)
    assert choose.text == i18n("book-choose")
    assert buttons(choose) == ["slot:1", "book:cancel"]

    await send(feed, "the first one")
    assert session.texts()[-1] == i18n("use-buttons")

    await press(feed, "slot:1")
    assert session.sent(EditMessageText)[-1].text == i18n("book-confirm")
    await press(feed, "book:confirm", update_id=101)

    assert session.sent(EditMessageText)[-1].text == BOOKED
    assert len(session.sent(AnswerCallbackQuery)) == 2
    [appointment] = business.appointments
    assert appointment["patient_id"] == business.patients[42]

    await send(feed, "/appointments")
    assert session.texts()[-1] == f"{i18n('appointments-header')}\n\n{BOOKED}"


async def test_a_slot_taken_meanwhile_is_explained(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded
    await send(feed, "/book")
    await press(feed, "slot:1")
    business.slots[1]["status"] = "booked"

    await press(feed, "book:confirm", update_id=101)

    assert session.sent(EditMessageText)[-1].text == i18n(
        "book-taken", detail="Slot 1 is already booked"
    )


async def test_a_refusal_ends_the_dialogue(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded
    await send(feed, "/book")
    await press(feed, "slot:1")
    business.failures = [422]

    await press(feed, "book:confirm", update_id=101)

    assert session.sent(EditMessageText)[-1].text == i18n("book-rejected", detail="Rejected")


async def test_business_api_down_keeps_the_choice_for_another_try(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded
    await send(feed, "/book")
    await press(feed, "slot:1")
    business.failures = [503]

    await press(feed, "book:confirm", update_id=101)
    unavailable = session.sent(EditMessageText)[-1]
    assert unavailable.text == i18n("book-unavailable")
    assert buttons(unavailable) == ["book:confirm", "book:cancel"]
    await press(feed, "book:confirm", update_id=102)

    assert session.sent(EditMessageText)[-1].text == BOOKED


async def test_no_open_slots(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded
    business.slots.clear()

    await send(feed, "/book")

    assert session.texts() == [i18n("book-no-slots")]


async def test_cancel_button_and_command_end_the_dialogue(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded

    await send(feed, "/book")
    await press(feed, "book:cancel")
    await press(feed, "slot:1", update_id=101)
    assert session.sent(EditMessageText)[-1].text == i18n("cancelled")
    assert session.sent(AnswerCallbackQuery)[-1].text == i18n("button-expired")

    await send(feed, "/book", "/cancel")
    assert session.texts()[-1] == i18n("cancelled")
    assert not business.appointments


async def test_cancel_an_appointment(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded
    await send(feed, "/book")
    await press(feed, "slot:1")
    await press(feed, "book:confirm", update_id=101)

    await send(feed, "/cancel")
    choose = session.sent(SendMessage)[-1]
    assert choose.text == i18n("cancel-choose")
    assert buttons(choose) == ["drop:1"]
    await press(feed, "drop:1", update_id=102)
    assert session.sent(EditMessageText)[-1].text == i18n("cancel-done", when=WHEN)
    await press(feed, "drop:1", update_id=103)
    assert session.sent(EditMessageText)[-1].text == i18n(
        "cancel-rejected", detail="Appointment 1 is already cancelled"
    )

    await send(feed, "/cancel", "/appointments")
    assert session.texts()[-2:] == [i18n("nothing-to-cancel"), i18n("appointments-none")]


async def test_an_unavailable_api_is_explained_everywhere(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded
    business.failures = [503] * 9

    await send(feed, "/book", "/appointments", "/cancel")

    assert session.texts() == [i18n("unavailable")] * 3


async def test_a_cancellation_with_the_api_down_is_explained(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded
    business.failures = [503] * 3

    await press(feed, "drop:1")

    assert session.sent(EditMessageText)[-1].text == i18n("unavailable")
