"""/start, /help, /cancel and what nobody handles, in each language of the bot."""

from datetime import UTC, datetime

import pytest
from aiogram import Bot
from aiogram.methods import SendMessage
from aiogram.types import Chat, Message

from {{ cookiecutter.service_name }}.api.handlers.start import COMMANDS, help_text, start
from {{ cookiecutter.service_name }}.api.i18n import LANGUAGES, Translations

from tests.conftest import Feed
from tests.fake_telegram import message_update
from tests.recording import RecordingSession

translations = Translations()


@pytest.mark.parametrize("language", LANGUAGES)
async def test_start_greets_the_user_by_name_in_their_language(
    feed: Feed, recorded: tuple[Bot, RecordingSession], language: str
) -> None:
    _, session = recorded

    await feed(message_update("/start", first_name="<Ada>", language=language))

    [reply] = session.sent(SendMessage)
    assert reply.chat_id == 42
    assert reply.text == translations.get(language)("greeting", name="<b>&lt;Ada&gt;</b>")


@pytest.mark.parametrize("language", ["pt-br", None])
async def test_other_languages_get_the_fallback(
    feed: Feed, recorded: tuple[Bot, RecordingSession], language: str | None
) -> None:
    _, session = recorded

    await feed(message_update("/help", language=language))

    assert session.texts() == [help_text(translations.fallback)]
    assert translations.fallback.language == LANGUAGES[0]


@pytest.mark.parametrize("text", ["/help", "/help@test_bot"])
async def test_help_lists_the_commands(
    feed: Feed, recorded: tuple[Bot, RecordingSession], text: str
) -> None:
    _, session = recorded

    await feed(message_update(text))

    [reply] = session.texts()
    for command in COMMANDS:
        assert f"/{command} - " in reply


@pytest.mark.parametrize("text", ["hello", "/unknown"])
async def test_anything_else_points_to_help(
    feed: Feed, recorded: tuple[Bot, RecordingSession], text: str
) -> None:
    _, session = recorded

    await feed(message_update(text))

    assert session.texts() == [translations.get("en")("unknown")]


async def test_cancel_without_a_dialogue(
    feed: Feed, recorded: tuple[Bot, RecordingSession]
) -> None:
    _, session = recorded

    await feed(message_update("/cancel"))

    assert session.texts() == [translations.get("en")("nothing-to-cancel")]


async def test_start_without_a_sender_greets_anonymously(
    recorded: tuple[Bot, RecordingSession],
) -> None:
    """A handler called directly, as in a channel post that has no sender."""
    bot, session = recorded
    message = Message(
        message_id=1, date=datetime.now(UTC), chat=Chat(id=7, type="channel"), text="/start"
    ).as_(bot)

    await start(message, translations.fallback)

    assert session.texts() == [translations.fallback("greeting-anonymous")]
