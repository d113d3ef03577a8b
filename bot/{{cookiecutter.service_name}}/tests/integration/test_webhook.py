"""The real webhook server: Telegram's posts with and without the secret, and bad bodies."""

import asyncio

import pytest
from aiogram import Bot
from pydantic import SecretStr

from {{ cookiecutter.service_name }}.api.i18n import LANGUAGES, Translations
from {{ cookiecutter.service_name }}.api.webhook import WEBHOOK_PATH
from {{ cookiecutter.service_name }}.core.settings import Settings

from tests.conftest import WEBHOOK_SECRET
from tests.fake_telegram import FakeTelegram, message_update
from tests.integration.conftest import SlowCommand
from tests.integration.support import post, running, send_sigterm, session_closed, wait_closed

pytestmark = pytest.mark.integration

i18n = Translations().get("en")


async def started(telegram: FakeTelegram, count: int = 1) -> None:
    """Wait until the bot has published its commands: the server is up and ready."""
    await telegram.wait_for("setMyCommands", count=count * len(LANGUAGES))


async def test_updates_with_the_secret_are_handled_the_others_refused(
    telegram: FakeTelegram, settings: Settings, chat_id: int
) -> None:
    async with running(settings) as serving:
        await started(telegram)

        assert (await post(settings, message_update("/start", chat_id=chat_id)))[0] == 200
        reply = await telegram.wait_for("sendMessage")
        assert reply.params["text"] == i18n("greeting", name="<b>Ada</b>")

        for secret in ("wrong-secret", None):
            status, problem = await post(settings, message_update("/help", update_id=2), secret)
            assert status == 403
            assert problem["status"] == 403
            assert problem["instance"] == WEBHOOK_PATH
        await asyncio.sleep(0.2)
        assert len(telegram.sent("sendMessage")) == 1, "a refused update was handled"

        send_sigterm()
        await asyncio.wait_for(serving, timeout=5)


@pytest.mark.parametrize("body", [b"{not json", b'{"no_update_id": true}', b"[]"])
async def test_a_body_that_is_no_update_gets_400_and_the_bot_keeps_serving(
    telegram: FakeTelegram, settings: Settings, chat_id: int, body: bytes
) -> None:
    async with running(settings) as serving:
        await started(telegram)

        status, problem = await post(settings, body)
        assert (status, problem["title"]) == (400, "Bad Request")

        assert (await post(settings, message_update("/help", chat_id=chat_id)))[0] == 200
        await telegram.wait_for("sendMessage")
        assert not serving.done()


async def test_the_webhook_is_set_only_when_its_settings_change(
    telegram: FakeTelegram, settings: Settings
) -> None:
    for restart in (1, 2):
        async with running(settings) as serving:
            await started(telegram, count=restart)
            send_sigterm()
            await asyncio.wait_for(serving, timeout=5)
    assert len(telegram.sent("setWebhook")) == 1

    rotated = settings.model_copy(update={"webhook_secret": SecretStr(WEBHOOK_SECRET[::-1])})
    async with running(rotated) as serving:
        await started(telegram, count=3)
        send_sigterm()
        await asyncio.wait_for(serving, timeout=5)
    assert len(telegram.sent("setWebhook")) == 2, "a new secret must reach Telegram"


async def test_sigterm_stops_the_server_and_lets_the_update_in_flight_reply(
    telegram: FakeTelegram, settings: Settings, slow: SlowCommand, bots: list[Bot]
) -> None:
    async with running(settings) as serving:
        await started(telegram)
        assert (await post(settings, message_update("/slow")))[0] == 200
        await asyncio.wait_for(slow.started.wait(), timeout=5)

        send_sigterm()
        await wait_closed(f"http://127.0.0.1:{settings.port}/health")
        assert not serving.done(), "stopped before the handler in flight had replied"

        slow.release.set()
        await asyncio.wait_for(serving, timeout=5)

    [reply] = telegram.sent("sendMessage")
    assert reply.params["text"] == "done"
    assert session_closed(bots[0])
