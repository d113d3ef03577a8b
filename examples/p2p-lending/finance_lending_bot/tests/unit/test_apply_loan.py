"""The /apply_loan dialogue through the real dispatcher, against the fake business API."""

import uuid

import pytest
from aiogram import Bot
from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import InlineKeyboardMarkup

from finance_lending_bot.api.i18n import Translations
from finance_lending_bot.domain.loan import InvalidNumber, loan_amount, loan_term

from tests.conftest import Feed
from tests.fake_business_api import FakeBusinessApi
from tests.fake_telegram import callback_update, message_update
from tests.recording import RecordingSession

i18n = Translations().get("en")
CHAT = 42  # the chat of fake_telegram's updates


def buttons(request: SendMessage | EditMessageText) -> list[str]:
    markup = request.reply_markup
    assert isinstance(markup, InlineKeyboardMarkup)
    return [str(button.callback_data) for row in markup.inline_keyboard for button in row]


async def say(feed: Feed, *texts: str) -> None:
    for number, text in enumerate(texts, 1):
        await feed(message_update(text, update_id=number))


@pytest.fixture
def approved(business: FakeBusinessApi) -> FakeBusinessApi:
    business.borrowers[CHAT] = {"id": 7, "kyc_status": "approved"}
    return business


@pytest.mark.parametrize(
    ("text", "value"), [("5000", 5000), (" 5 000 € ", 5000), ("50,000", 50_000)]
)
def test_amounts_are_read_in_common_spellings(text: str, value: int) -> None:
    assert loan_amount(text) == value


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("lots", "not_a_number"),
        ("-5", "not_a_number"),
        ("99", "out_of_range"),
        ("50001", "out_of_range"),
    ],
)
def test_amounts_outside_the_rules_are_refused(text: str, problem: str) -> None:
    with pytest.raises(InvalidNumber) as raised:
        loan_amount(text)

    assert raised.value.problem == problem


def test_terms_are_1_to_60_months() -> None:
    assert [loan_term("1"), loan_term("60")] == [1, 60]
    with pytest.raises(InvalidNumber):
        loan_term("61")


async def test_amount_term_confirm_applies_once(
    feed: Feed, recorded: tuple[Bot, RecordingSession], approved: FakeBusinessApi
) -> None:
    _, session = recorded

    await say(feed, "/apply_loan", "5 000", "24")
    ask_amount, ask_term, summary = session.sent(SendMessage)
    assert ask_amount.text == i18n("loan-ask-amount", min="100", max="50,000")
    assert buttons(ask_amount) == ["loan:cancel"]
    assert ask_term.text == i18n("loan-ask-term", min="1", max="60")
    assert summary.text == i18n("loan-confirm", amount="5,000", term="24")
    assert buttons(summary) == ["loan:confirm", "loan:cancel"]

    await feed(callback_update("loan:confirm", update_id=10))
    await feed(callback_update("loan:confirm", update_id=11))  # a second press: no dialogue

    applying, applied = session.sent(EditMessageText)
    assert applying.text == i18n("loan-applying")
    assert applied.text == i18n("loan-applied", id="1", amount="5,000", term="24")
    [loan] = approved.loans
    assert (loan["borrower_id"], loan["amount"], loan["term_months"]) == (7, 5000, 24)
    apply_request = approved.requests[-1]
    assert uuid.UUID(apply_request.headers["Idempotency-Key"])
    assert apply_request.headers["X-Request-ID"]


async def test_bad_answers_are_explained_and_asked_again(
    feed: Feed, recorded: tuple[Bot, RecordingSession], approved: FakeBusinessApi
) -> None:
    _, session = recorded

    await say(feed, "/apply_loan", "plenty", "20", "1000", "0", "12")

    texts = session.texts()
    assert texts[1] == i18n("loan-not-a-number")
    assert texts[2] == i18n("loan-out-of-range", min="100", max="50,000")
    assert texts[4] == i18n("loan-out-of-range", min="1", max="60")
    assert texts[5] == i18n("loan-confirm", amount="1,000", term="12")


async def test_an_unknown_chat_or_unapproved_kyc_cannot_start(
    feed: Feed, recorded: tuple[Bot, RecordingSession], business: FakeBusinessApi
) -> None:
    _, session = recorded

    await say(feed, "/apply_loan")
    business.borrowers[CHAT] = {"id": 7, "kyc_status": "pending"}
    await say(feed, "/apply_loan", "5000")

    assert session.texts()[:2] == [
        i18n("loan-not-registered"),
        i18n("loan-kyc-required", status="pending"),
    ]
    assert session.texts()[2] == i18n("unknown"), "no dialogue was started"


async def test_a_refusal_ends_the_dialogue_with_its_reason(
    feed: Feed, recorded: tuple[Bot, RecordingSession], approved: FakeBusinessApi
) -> None:
    _, session = recorded
    await say(feed, "/apply_loan", "5000", "12")
    approved.failures = [409]

    await feed(callback_update("loan:confirm", update_id=10))

    assert session.sent(EditMessageText)[-1].text == i18n(
        "loan-rejected", detail="Rule kyc_approved"
    )


async def test_an_unavailable_api_keeps_the_answers_for_another_press(
    feed: Feed, recorded: tuple[Bot, RecordingSession], approved: FakeBusinessApi
) -> None:
    _, session = recorded
    await say(feed, "/apply_loan", "5000", "12")
    approved.failures = [503, 503, 503]

    await feed(callback_update("loan:confirm", update_id=10))
    unavailable = session.sent(EditMessageText)[-1]
    await feed(callback_update("loan:confirm", update_id=11))

    assert unavailable.text == i18n("loan-unavailable")
    assert buttons(unavailable) == ["loan:confirm", "loan:cancel"]
    assert session.sent(EditMessageText)[-1].text == i18n(
        "loan-applied", id="1", amount="5,000", term="12"
    )


async def test_cancel_ends_it_and_the_service_down_at_the_start_is_said(
    feed: Feed, recorded: tuple[Bot, RecordingSession], approved: FakeBusinessApi
) -> None:
    _, session = recorded
    await say(feed, "/apply_loan")
    await feed(callback_update("loan:cancel", update_id=10))
    approved.failures = [503, 503, 503]
    await say(feed, "/apply_loan")

    assert session.sent(EditMessageText)[-1].text == i18n("cancelled")
    assert session.texts()[-1] == i18n("loan-unavailable")
    assert approved.loans == []
