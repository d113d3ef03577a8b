"""The whole worker on the real RabbitMQ and Redis: an ``appointment.booked`` delivered twice
stores one reminder and sends one Telegram message."""

import asyncio
import contextlib
import json
import os
import signal
import socket
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import pytest
from aiohttp import web
from pydantic import AnyHttpUrl, SecretStr

from healthcare_reminder_worker.application.handlers import EVENT_NAME
from healthcare_reminder_worker.core.settings import Settings
from healthcare_reminder_worker.main import run

from tests.factories import envelope
from tests.integration.test_consumer import _wait_for_queue
from tests.reminder_fakes import PAYLOAD

TOKEN = "42:test-token"


class DataApiAndTelegram:
    """The data-api's reminders and the Bot API's sendMessage, on one loopback port."""

    def __init__(self) -> None:
        self.reminders: dict[str, dict[str, Any]] = {}
        self.messages: list[dict[str, Any]] = []
        self.sent = asyncio.Event()
        self.url = ""

    async def remind(self, request: web.Request) -> web.Response:
        body = await request.json()
        if body["event_id"] in self.reminders:
            return web.json_response(self.reminders[body["event_id"]])
        reminder = {"id": len(self.reminders) + 1, **body, "sent_at": None}
        self.reminders[body["event_id"]] = reminder
        return web.json_response(reminder, status=201)

    async def mark_sent(self, request: web.Request) -> web.Response:
        [reminder] = [
            r for r in self.reminders.values() if r["id"] == int(request.match_info["id"])
        ]
        reminder["sent_at"] = "2030-01-01T00:00:00+00:00"
        return web.json_response(reminder)

    async def send_message(self, request: web.Request) -> web.Response:
        self.messages.append(await request.json())
        self.sent.set()
        return web.json_response({"ok": True, "result": {}})

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        app = web.Application()
        app.router.add_post("/api/v1/reminders", self.remind)
        app.router.add_post("/api/v1/reminders/{id}/sent", self.mark_sent)
        app.router.add_post(f"/bot{TOKEN}/sendMessage", self.send_message)
        runner = web.AppRunner(app)
        await runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        await web.SockSite(runner, sock).start()
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        try:
            yield
        finally:
            await runner.cleanup()


@pytest.mark.usefixtures("harmless_sigterm")
async def test_a_redelivered_booking_is_reminded_once(settings: Settings) -> None:
    outside = DataApiAndTelegram()
    event = json.dumps(envelope(payload=PAYLOAD)).encode()
    async with outside.running():
        settings = settings.model_copy(
            update={
                "data_api_url": AnyHttpUrl(outside.url),
                "telegram_api_url": AnyHttpUrl(outside.url),
                "bot_token": SecretStr(TOKEN),
                "redis_url": os.environ["REDIS_URL"],
            }
        )
        worker = asyncio.create_task(run(settings))
        try:
            await _wait_for_queue(settings)
            connection = await aio_pika.connect(settings.rabbitmq_url)
            async with connection:
                channel = await connection.channel()
                exchange = await channel.get_exchange(settings.rabbitmq_exchange)
                for _ in range(2):
                    await exchange.publish(aio_pika.Message(event), routing_key=EVENT_NAME)
            await asyncio.wait_for(outside.sent.wait(), 10)
            await asyncio.sleep(0.5)  # time for the duplicate to be handled (or not)
            os.kill(os.getpid(), signal.SIGTERM)
            await asyncio.wait_for(worker, 10)
        finally:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker

    [reminder] = outside.reminders.values()
    assert reminder["sent_at"] is not None
    assert outside.messages == [{"chat_id": 1001, "text": reminder["message"]}]
