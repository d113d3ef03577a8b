"""Updates go through the real dispatcher; replies go over HTTP to a fake Bot API server."""

import json

import pytest
from aiogram import Bot
from aiogram.types import Update
from structlog.testing import capture_logs

from {{ cookiecutter.service_name }}.api import texts
from {{ cookiecutter.service_name }}.app import create_dispatcher
from {{ cookiecutter.service_name }}.core.lifecycle import InFlight

from tests.fake_telegram import FakeTelegram, message_update


async def feed(bot: Bot, text: str, first_name: str = "Ada") -> None:
    update = Update.model_validate(message_update(text, first_name=first_name))
    await create_dispatcher(InFlight()).feed_update(bot, update)


async def test_start_greets_the_user_by_name(telegram: FakeTelegram, bot: Bot) -> None:
    await feed(bot, "/start", first_name="<Ada>")

    [reply] = telegram.sent("sendMessage")
    assert reply.params["chat_id"] == "42"
    assert reply.params["text"] == texts.greeting("<Ada>")
    assert "<b>&lt;Ada&gt;</b>" in reply.params["text"]
    assert reply.params["parse_mode"] == "HTML"


@pytest.mark.parametrize("text", ["/help", "/help@test_bot"])
async def test_help_lists_the_commands(telegram: FakeTelegram, bot: Bot, text: str) -> None:
    await feed(bot, text)

    [reply] = telegram.sent("sendMessage")
    assert reply.params["text"] == texts.help_text()
    assert "/start" in reply.params["text"]
    assert "/help" in reply.params["text"]


@pytest.mark.parametrize("text", ["hello", "/unknown"])
async def test_anything_else_points_to_help(telegram: FakeTelegram, bot: Bot, text: str) -> None:
    await feed(bot, text)

    [reply] = telegram.sent("sendMessage")
    assert reply.params["text"] == texts.UNKNOWN


async def test_startup_drops_the_webhook_and_publishes_the_commands(
    telegram: FakeTelegram, bot: Bot
) -> None:
    await create_dispatcher(InFlight()).emit_startup(bot=bot)

    assert [call.method for call in telegram.calls] == ["deleteWebhook", "setMyCommands"]
    commands = json.loads(telegram.sent("setMyCommands")[0].params["commands"])
    assert {command["command"]: command["description"] for command in commands} == texts.COMMANDS


async def test_each_update_is_logged_without_its_text(telegram: FakeTelegram, bot: Bot) -> None:
    with capture_logs() as logs:
        await feed(bot, "my card number is 4111")

    [log] = [log for log in logs if log["event"] == "update.handled"]
    assert log["update_id"] == 1
    assert log["update_type"] == "message"
    assert log["handled"] is True
    assert log["log_level"] == "info"
    assert "4111" not in str(log)


def test_greeting_without_a_name() -> None:
    assert texts.greeting(None).startswith("Hello, there!")
