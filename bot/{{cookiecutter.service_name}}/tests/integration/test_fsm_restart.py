"""The dialogue state lives in Redis: a bot restarted mid-dialogue carries on where it was."""

import asyncio
from typing import Any

import pytest
from redis.asyncio import Redis

from {{ cookiecutter.service_name }}.api.i18n import Translations
from {{ cookiecutter.service_name }}.core.settings import Settings

from tests.fake_business_api import FakeBusinessApi
from tests.fake_telegram import FakeTelegram, callback_update, message_update
from tests.integration.support import {{ "post, " if cookiecutter.update_mode == "webhook" }}running, send_sigterm, wait_serving

pytestmark = pytest.mark.integration

i18n = Translations().get("en")
BEGIN = "/new_{{ cookiecutter.resource_name }}"


async def test_a_restart_mid_dialogue_loses_nothing(
    telegram: FakeTelegram,
    business: FakeBusinessApi,
    settings: Settings,
    redis: Redis,
    chat_id: int,
) -> None:
    async def run_bot(*steps: tuple[dict[str, Any], str, int]) -> None:
        """Start the bot, deliver each update and wait for its reply, stop the bot."""
        async with running(settings) as bot:
            await wait_serving(f"http://127.0.0.1:{settings.port}/ready")
            for update, reply, count in steps:
                {%- if cookiecutter.update_mode == "webhook" %}
                assert (await post(settings, update))[0] == 200
                {%- else %}
                telegram.updates.append(update)
                {%- endif %}
                await telegram.wait_for(reply, count=count)
            {%- if cookiecutter.update_mode == "polling" %}
            # Telegram would hand an unconfirmed update to the restarted bot again.
            next_offset = str(steps[-1][0]["update_id"] + 1)
            await telegram.wait_for("getUpdates", offset=next_offset)
            {%- endif %}
            send_sigterm()
            await asyncio.wait_for(bot, timeout=5)

    await run_bot(
        (message_update(BEGIN, update_id=1, chat_id=chat_id), "sendMessage", 1),
        (message_update("Tulip", update_id=2, chat_id=chat_id), "sendMessage", 2),
    )
    assert await redis.keys(f"*:{chat_id}:{chat_id}:*"), "no dialogue state in Redis"
    await run_bot(
        (callback_update("new:skip", update_id=3, chat_id=chat_id), "sendMessage", 3),
        (callback_update("new:confirm", update_id=4, chat_id=chat_id), "editMessageText", 2),
    )

    assert telegram.texts()[-1] == i18n("new-created", id="1", name="Tulip")
    assert [item["name"] for item in business.created] == ["Tulip"]
