{%- set res = cookiecutter.resource_name -%}
"""The /new_{{ res }} dialogue through the real dispatcher, without a network."""

import uuid

from aiogram import Bot
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from aiogram.types import InlineKeyboardMarkup

from {{ cookiecutter.service_name }}.api.i18n import Translations
from {{ cookiecutter.service_name }}.domain.resource import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH

from tests.conftest import Feed
from tests.fake_business_api import FakeBusinessApi
from tests.fake_telegram import callback_update, message_update
from tests.recording import RecordingSession

i18n = Translations().get("en")
BEGIN = "/new_{{ res }}"


def buttons(request: SendMessage | EditMessageText) -> list[str]:
    """The callback data of the inline buttons under a message."""
    markup = request.reply_markup
    assert isinstance(markup, InlineKeyboardMarkup), "the message has no inline keyboard"
    return [str(button.callback_data) for row in markup.inline_keyboard for button in row]


async def answer(feed: Feed, *texts: str) -> None:
    for number, text in enumerate(texts, 1):
        await feed(message_update(text, update_id=number))


async def press(feed: Feed, data: str, update_id: int = 100) -> None:
    await feed(callback_update(data, update_id=update_id))


async def test_the_whole_dialogue_creates_it_once(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded

    await answer(feed, BEGIN)
    [ask_name] = session.sent(SendMessage)
    assert ask_name.text == i18n("new-ask-name", max=NAME_MAX_LENGTH)
    assert buttons(ask_name) == ["new:cancel"]

    await feed(message_update("  Sunflower <seeds>  ", update_id=2))
    ask_description = session.sent(SendMessage)[-1]
    assert ask_description.text == i18n("new-ask-description", max=DESCRIPTION_MAX_LENGTH)
    assert buttons(ask_description) == ["new:skip", "new:cancel"]

    await feed(message_update("Fresh & tasty", update_id=3))
    summary = session.sent(SendMessage)[-1]
    assert summary.text == i18n(
        "new-confirm", name="Sunflower &lt;seeds&gt;", description="Fresh &amp; tasty"
    )
    assert buttons(summary) == ["new:confirm", "new:cancel"]

    await press(feed, "new:confirm")

    assert len(session.sent(AnswerCallbackQuery)) == 1
    creating, created = session.sent(EditMessageText)
    assert creating.text == i18n("new-creating")
    assert created.text == i18n("new-created", id="1", name="Sunflower &lt;seeds&gt;")
    [request] = business.requests
    assert request.body == {"name": "Sunflower <seeds>", "description": "Fresh & tasty"}
    assert uuid.UUID(request.headers["Idempotency-Key"])

    await answer(feed, "/cancel")
    assert session.texts()[-1] == i18n("nothing-to-cancel"), "the dialogue was not over"


async def test_invalid_answers_are_explained_and_asked_again(
    feed: Feed, recorded: tuple[Bot, RecordingSession]
) -> None:
    _, session = recorded
    photo = message_update("", update_id=9)
    del photo["message"]["text"]

    await answer(feed, BEGIN, "   ", "x" * (NAME_MAX_LENGTH + 1), "nul\x00")
    await feed(photo)
    await answer(feed, "ok name")
    await answer(feed, "d" * (DESCRIPTION_MAX_LENGTH + 1))

    assert session.texts()[1:] == [
        i18n("new-blank"),
        i18n("new-too-long", length=NAME_MAX_LENGTH + 1, max=NAME_MAX_LENGTH),
        i18n("new-unprintable"),
        i18n("new-text-only"),
        i18n("new-ask-description", max=DESCRIPTION_MAX_LENGTH),
        i18n("new-too-long", length=DESCRIPTION_MAX_LENGTH + 1, max=DESCRIPTION_MAX_LENGTH),
    ]


async def test_skipping_the_description_creates_it_without_one(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded

    await answer(feed, BEGIN, "Tulip")
    await press(feed, "new:skip", update_id=10)
    summary = session.sent(SendMessage)[-1]
    assert summary.text == i18n("new-confirm", name="Tulip", description=i18n("new-no-description"))
    await answer(feed, "yes")
    assert session.texts()[-1] == i18n("new-use-buttons")
    await press(feed, "new:confirm", update_id=11)

    assert business.created[0]["description"] is None
    assert session.texts()[-1] == i18n("new-created", id="1", name="Tulip")


async def test_cancel_command_ends_the_dialogue(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded

    await answer(feed, BEGIN, "Tulip", "/cancel", "Rose")

    assert session.texts()[-2:] == [i18n("cancelled"), i18n("unknown")]
    assert not business.requests


async def test_cancel_button_ends_the_dialogue(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded

    await answer(feed, BEGIN, "Tulip")
    await press(feed, "new:cancel")
    await press(feed, "new:confirm", update_id=101)

    assert session.sent(EditMessageText)[-1].text == i18n("cancelled")
    expired = session.sent(AnswerCallbackQuery)[-1]
    assert expired.text == i18n("button-expired")
    assert not business.requests


async def test_business_api_down_keeps_the_answers_for_another_try(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded
    business.failures = [503, 503, 503]

    await answer(feed, BEGIN, "Tulip", "Red")
    await press(feed, "new:confirm")

    unavailable = session.sent(EditMessageText)[-1]
    assert unavailable.text == i18n("new-unavailable")
    assert buttons(unavailable) == ["new:confirm", "new:cancel"]

    await press(feed, "new:confirm", update_id=101)

    assert session.texts()[-1] == i18n("new-created", id="1", name="Tulip")
    keys = {request.headers["Idempotency-Key"] for request in business.requests}
    assert len(business.requests) == 4
    assert len(keys) == 1, "a retry must reuse the dialogue's Idempotency-Key"
    assert len(business.created) == 1


async def test_a_refusal_is_shown_and_ends_the_dialogue(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded
    business.failures = [422]

    await answer(feed, BEGIN, "Tulip", "Red")
    await press(feed, "new:confirm")

    assert session.texts()[-1] == i18n("new-rejected", detail="Rejected")
    await answer(feed, "/cancel")
    assert session.texts()[-1] == i18n("nothing-to-cancel")
