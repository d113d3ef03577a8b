"""The reminders' HTTP clients (data-api, Telegram Bot API) against local servers."""

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from pydantic import SecretStr

from healthcare_reminder_worker.application.ports import PermanentError
from healthcare_reminder_worker.infrastructure.data_api import DataApiRejected, DataApiUnavailable
from healthcare_reminder_worker.infrastructure.reminders import DataApiReminders
from healthcare_reminder_worker.infrastructure.telegram import (
    TelegramMessenger,
    TelegramUnavailable,
)


class Recorder:
    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.calls: list[tuple[str, object]] = []

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else None
        self.calls.append((request.path, body))
        status = self.statuses.pop(0) if self.statuses else 200
        return web.json_response({"ok": status < 400}, status=status)


@pytest.fixture
async def server() -> AsyncIterator[tuple[Recorder, str]]:
    recorder = Recorder()
    app = web.Application()
    app.router.add_post("/{tail:.*}", recorder.handle)
    async with TestServer(app, host="127.0.0.1") as running:
        yield recorder, str(running.make_url("")).rstrip("/")


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def test_a_reminder_is_marked_sent_with_retries(
    server: tuple[Recorder, str], session: aiohttp.ClientSession
) -> None:
    recorder, url = server
    recorder.statuses = [503, 200]
    reminders = DataApiReminders(session, url, "reminders", backoff_seconds=0.01)

    await reminders.mark_sent(5)

    assert [path for path, _ in recorder.calls] == ["/api/v1/reminders/5/sent"] * 2


async def test_an_unknown_reminder_is_rejected(
    server: tuple[Recorder, str], session: aiohttp.ClientSession
) -> None:
    server[0].statuses = [404]
    reminders = DataApiReminders(session, server[1], "reminders")

    with pytest.raises(DataApiRejected):
        await reminders.mark_sent(5)


async def test_an_unreachable_data_api_is_unavailable(session: aiohttp.ClientSession) -> None:
    reminders = DataApiReminders(session, "http://127.0.0.1:9", "reminders", backoff_seconds=0.01)

    with pytest.raises(DataApiUnavailable):
        await reminders.mark_sent(5)


async def test_a_message_goes_to_send_message_of_the_bot(
    server: tuple[Recorder, str], session: aiohttp.ClientSession
) -> None:
    recorder, url = server
    messenger = TelegramMessenger(session, url, SecretStr("42:token"))

    await messenger.send(1001, "Hello")

    assert recorder.calls == [("/bot42:token/sendMessage", {"chat_id": 1001, "text": "Hello"})]


@pytest.mark.parametrize(
    ("status", "error"),
    [(429, TelegramUnavailable), (502, TelegramUnavailable), (403, PermanentError)],
)
async def test_refusals_are_retried_or_dead_lettered(
    server: tuple[Recorder, str],
    session: aiohttp.ClientSession,
    status: int,
    error: type[Exception],
) -> None:
    server[0].statuses = [status]
    messenger = TelegramMessenger(session, server[1], SecretStr("42:token"))

    with pytest.raises(error):
        await messenger.send(1001, "Hello")


async def test_without_a_token_nothing_can_be_sent(session: aiohttp.ClientSession) -> None:
    with pytest.raises(PermanentError, match="BOT_TOKEN"):
        await TelegramMessenger(session, "http://127.0.0.1:9", None).send(1, "x")


async def test_an_unreachable_bot_api_is_retried_later(session: aiohttp.ClientSession) -> None:
    messenger = TelegramMessenger(session, "http://127.0.0.1:9", SecretStr("42:token"))

    with pytest.raises(TelegramUnavailable):
        await messenger.send(1, "x")
