"""Logging, throttling and error handling around every update."""

import pytest
from aiogram import Bot, Router
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Message
{%- if cookiecutter.maturity_level | int >= 3 %}
from prometheus_client import REGISTRY
{%- endif %}
from structlog.testing import capture_logs

from {{ cookiecutter.service_name }} import app
from {{ cookiecutter.service_name }}.api.i18n import Translations
from {{ cookiecutter.service_name }}.core.lifecycle import InFlight
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.infrastructure.business_api import BusinessApiClient
from {{ cookiecutter.service_name }}.infrastructure.rate_limit import MemoryRateLimiter

from tests.conftest import Feed
from tests.fake_telegram import message_update
from tests.recording import RecordingSession

i18n = Translations().get("en")


async def test_each_update_is_logged_without_its_text(feed: Feed) -> None:
    with capture_logs() as logs:
        await feed(message_update("my card number is 4111", update_id=5))

    [log] = [log for log in logs if log["event"] == "update.handled"]
    assert log["update_id"] == 5
    assert log["update_type"] == "message"
    assert log["handled"] is True
    assert log["log_level"] == "info"
    assert "4111" not in str(logs)


async def test_a_flood_is_throttled_with_one_notice_while_others_are_served(
    feed: Feed, recorded: tuple[Bot, RecordingSession], settings: Settings
) -> None:
    _, session = recorded
    limit = settings.throttle_limit

    for number in range(100):
        await feed(message_update("hello", update_id=number, chat_id=1))
    await feed(message_update("hello", update_id=100, chat_id=2))

    texts = session.texts()
    assert texts.count(i18n("throttled")) == 1
    assert texts == [i18n("unknown")] * limit + [i18n("throttled"), i18n("unknown")]


async def test_a_failing_handler_gets_a_polite_answer_and_is_logged(
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    business_api: BusinessApiClient,
    recorded: tuple[Bot, RecordingSession],
) -> None:
    async def broken(message: Message) -> None:
        raise RuntimeError("boom")

    router = Router()
    router.message.register(broken)
    monkeypatch.setattr(app, "create_routers", lambda: [router])
    bot, session = recorded
    dispatcher = app.create_dispatcher(
        settings,
        in_flight=InFlight(),
        business_api=business_api,
        translations=Translations(),
        storage=MemoryStorage(),
        limiter=MemoryRateLimiter(1),
    )

    {%- if cookiecutter.maturity_level | int >= 3 %}
    errors = REGISTRY.get_sample_value("bot_errors_total", {"type": "message"}) or 0.0
    {%- endif %}

    with capture_logs() as logs:
        await dispatcher.feed_raw_update(bot, message_update("hi"))

    assert session.texts() == [i18n("error")]
    {%- if cookiecutter.maturity_level | int >= 3 %}
    assert REGISTRY.get_sample_value("bot_errors_total", {"type": "message"}) == errors + 1
    {%- endif %}
    [failed] = [log for log in logs if log["event"] == "update.failed"]
    assert failed["update_type"] == "message"
    assert failed["exc_info"] is True


async def test_memory_rate_limiter_counts_per_key_from_its_first_hit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [100.0]
    monkeypatch.setattr("time.monotonic", lambda: now[0])
    limiter = MemoryRateLimiter(window_seconds=10, max_keys=2)

    assert [await limiter.hit("a") for _ in range(3)] == [1, 2, 3]
    now[0] = 105.0
    assert await limiter.hit("b") == 1
    now[0] = 109.9
    assert await limiter.hit("a") == 4
    now[0] = 110.0
    assert await limiter.hit("a") == 1, "a's window ended: it starts again from zero"
    assert await limiter.hit("b") == 2, "b's window started later"
    assert await limiter.hit("c") == 1
    now[0] = 115.0
    assert await limiter.hit("b") == 1
