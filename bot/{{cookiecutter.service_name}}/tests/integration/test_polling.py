{%- set res = cookiecutter.resource_name -%}
"""The real long-polling loop against the fake Bot API server, stopped the way Docker stops it."""

import asyncio

import aiohttp
import pytest
from aiogram import Bot
from pydantic import SecretStr
from structlog.testing import capture_logs

from {{ cookiecutter.service_name }}.api.i18n import Translations
from {{ cookiecutter.service_name }}.app import run
from {{ cookiecutter.service_name }}.core.config import SettingsError
from {{ cookiecutter.service_name }}.core.settings import Settings

from tests.fake_business_api import FakeBusinessApi
from tests.fake_telegram import FakeTelegram, callback_update, message_update
from tests.integration.conftest import SlowCommand
from tests.integration.support import assert_closed, running, send_sigterm, session_closed

pytestmark = pytest.mark.integration

i18n = Translations().get("en")
BEGIN = "/new_{{ res }}"


async def test_polls_replies_and_stops_on_sigterm(
    telegram: FakeTelegram, settings: Settings, chat_id: int
) -> None:
    telegram.updates.append(message_update("/start", update_id=7, chat_id=chat_id))
    base = f"http://127.0.0.1:{settings.port}"

    async with running(settings) as polling:
        reply = await telegram.wait_for("sendMessage")
        assert reply.params["chat_id"] == str(chat_id)
        assert reply.params["text"] == i18n("greeting", name="<b>Ada</b>")
        methods = [call.method for call in telegram.calls]
        assert methods.index("deleteWebhook") < methods.index("getUpdates")

        async with aiohttp.ClientSession() as session:
            async with session.get(f"{base}/health") as response:
                assert response.status == 200
            async with session.get(f"{base}/ready") as response:
                assert response.status == 200

        # The update is confirmed by asking for the next offset: Telegram will not resend it.
        await telegram.wait_for("getUpdates", offset="8")
        send_sigterm()
        await asyncio.wait_for(polling, timeout=5)

    await assert_closed(f"{base}/health")


async def test_the_dialogue_over_http(
    telegram: FakeTelegram, business: FakeBusinessApi, settings: Settings, chat_id: int
) -> None:
    # Each step, then the reply that shows it was handled.
    steps = [
        (message_update(BEGIN, update_id=1, chat_id=chat_id), "sendMessage", 1),
        (message_update("Tulip", update_id=2, chat_id=chat_id), "sendMessage", 2),
        (callback_update("new:skip", update_id=3, chat_id=chat_id), "sendMessage", 3),
        (callback_update("new:confirm", update_id=4, chat_id=chat_id), "editMessageText", 2),
    ]

    async with running(settings):
        for update, reply, count in steps:
            telegram.updates.append(update)
            await telegram.wait_for(reply, count=count)

    assert telegram.texts()[-1] == i18n("new-created", id="1", name="Tulip")
    assert len(telegram.sent("answerCallbackQuery")) == 2
    assert business.created == [{"id": 1, "version": 1, "name": "Tulip", "description": None}]


async def test_rides_out_flood_control_and_server_errors_handling_each_update_once(
    telegram: FakeTelegram, settings: Settings, chat_id: int
) -> None:
    telegram.fail(429, retry_after=1)
    telegram.fail(502, times=2)
    telegram.updates.extend(
        message_update("/help", update_id=number, chat_id=chat_id) for number in (1, 2, 3)
    )

    with capture_logs() as logs:
        async with running(settings) as polling:
            await telegram.wait_for("sendMessage", count=3)
            await telegram.wait_for("getUpdates", offset="4", count=3)
            assert not polling.done()

    assert len(telegram.sent("sendMessage")) == 3, "an update was handled twice"
    waits = [log["wait_seconds"] for log in logs if log["event"] == "telegram.retry"]
    assert waits[0] == 1, "did not wait as long as Telegram asked"
    assert len(waits) == 3


async def test_a_flood_from_one_user_does_not_slow_the_others(
    telegram: FakeTelegram, settings: Settings, chat_id: int
) -> None:
    # A window far longer than the flood, however slow the machine running the test.
    settings = settings.model_copy(update={"throttle_window_seconds": 300})
    limit = settings.throttle_limit
    flood = [message_update("hi", update_id=n, chat_id=chat_id) for n in range(1, 101)]
    telegram.updates.extend([*flood, message_update("hi", update_id=101, chat_id=chat_id + 1)])

    async with running(settings):
        await telegram.wait_for("sendMessage", chat_id=str(chat_id + 1))
        await telegram.wait_for("sendMessage", count=limit + 1, chat_id=str(chat_id))
        await telegram.wait_for("getUpdates", offset="102", count=2)

    replies = [call.params["text"] for call in telegram.sent("sendMessage")]
    assert replies.count(i18n("throttled")) == 1
    assert replies.count(i18n("unknown")) == limit + 1


async def test_sigterm_lets_the_update_in_flight_reply_first(
    telegram: FakeTelegram, settings: Settings, slow: SlowCommand, bots: list[Bot]
) -> None:
    telegram.updates.append(message_update("/slow"))

    async with running(settings) as polling:
        await asyncio.wait_for(slow.started.wait(), timeout=5)
        send_sigterm()
        await asyncio.sleep(0.3)
        assert not polling.done(), "stopped before the handler in flight had replied"
        assert not telegram.sent("sendMessage")

        slow.release.set()
        await asyncio.wait_for(polling, timeout=5)

    [reply] = telegram.sent("sendMessage")
    assert reply.params["text"] == "done"
    assert session_closed(bots[0])


async def test_a_handler_slower_than_the_shutdown_timeout_is_cancelled(
    telegram: FakeTelegram, settings: Settings, slow: SlowCommand, bots: list[Bot]
) -> None:
    settings = settings.model_copy(update={"shutdown_timeout_seconds": 0.2})
    telegram.updates.append(message_update("/slow"))

    with capture_logs() as logs:
        async with running(settings) as polling:
            await asyncio.wait_for(slow.started.wait(), timeout=5)
            send_sigterm()
            await asyncio.wait_for(polling, timeout=5)

    assert slow.cancelled
    assert not telegram.sent("sendMessage")
    assert session_closed(bots[0])
    [timeout] = [log for log in logs if log["event"] == "app.drain_timeout"]
    assert timeout["cancelled"] == 1
    assert [log["event"] for log in logs][-1] == "app.stopped"


async def test_a_token_telegram_rejects_stops_start_up(
    telegram: FakeTelegram, settings: Settings
) -> None:
    settings = settings.model_copy(update={"bot_token": SecretStr("42:" + "x" * 35)})

    with pytest.raises(SettingsError, match="BOT_TOKEN: rejected by the Bot API"):
        await asyncio.wait_for(run(settings), timeout=5)
    await assert_closed(f"http://127.0.0.1:{settings.port}/health")
