"""A stand-in for the Telegram Bot API on a loopback port: answers like Telegram, records calls."""

import asyncio
import json
import socket
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "Test bot", "username": "test_bot"}


def user(user_id: int, first_name: str, language: str | None) -> dict[str, Any]:
    found: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language is not None:
        found["language_code"] = language
    return found


def message_update(
    text: str,
    *,
    update_id: int = 1,
    chat_id: int = 42,
    first_name: str = "Ada",
    language: str | None = "en",
) -> dict[str, Any]:
    """An update carrying a private-chat message, as Telegram sends it."""
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": first_name},
        "from": user(chat_id, first_name, language),
        "text": text,
    }
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"update_id": update_id, "message": message}


def callback_update(
    data: str,
    *,
    update_id: int = 1,
    chat_id: int = 42,
    message_id: int = 1,
    language: str | None = "en",
) -> dict[str, Any]:
    """An update carrying the press of an inline button under the bot's message ``message_id``."""
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"query-{update_id}",
            "from": user(chat_id, "Ada", language),
            "chat_instance": "1",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
                "text": "question",
            },
        },
    }


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, str]

    def json(self, name: str) -> Any:
        return json.loads(self.params[name])


@dataclass
class Failure:
    """The answer given to the next ``times`` calls instead of the real one."""

    status: int
    times: int = 1
    retry_after: int | None = None
    calls: list[str] = field(default_factory=list)


class FakeTelegram:
    """Serves ``/bot<token>/<method>``.

    ``getUpdates`` hands out the queued ``updates`` from the requested ``offset`` on, as
    Telegram does: an update is sent again until a later offset confirms it, and then it is
    forgotten.
    """

    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []
        self.calls: list[Call] = []
        self.failures: list[Failure] = []
        self.webhook: dict[str, Any] = {"url": "", "has_custom_certificate": False}
        self.url = ""
        self._called = asyncio.Condition()
        self._runner = web.AppRunner(self._create_app(), access_log=None)

    async def start(self) -> None:
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        await web.SockSite(self._runner, sock).start()
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"

    async def stop(self) -> None:
        await self._runner.cleanup()

    def fail(self, status: int, *, times: int = 1, retry_after: int | None = None) -> Failure:
        failure = Failure(status, times, retry_after)
        self.failures.append(failure)
        return failure

    def sent(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def texts(self) -> list[str]:
        """The texts of ``sendMessage`` and ``editMessageText`` calls, in order."""
        methods = ("sendMessage", "editMessageText")
        return [call.params["text"] for call in self.calls if call.method in methods]

    async def wait_for(self, method: str, count: int = 1, **params: str) -> Call:
        """The ``count``-th call of ``method`` with ``params``, waiting for it if needed."""

        def matching() -> list[Call]:
            return [
                call
                for call in self.sent(method)
                if all(call.params.get(key) == value for key, value in params.items())
            ]

        async with asyncio.timeout(10), self._called:
            await self._called.wait_for(lambda: len(matching()) >= count)
        return matching()[count - 1]

    def _create_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        return app

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            error = {"ok": False, "error_code": 401, "description": "Unauthorized"}
            return web.json_response(error, status=401)
        method = request.match_info["method"]
        params = {key: str(value) for key, value in (await request.post()).items()}
        if self.failures:
            return self._failure(method)
        async with self._called:
            self.calls.append(Call(method, params))
            self._called.notify_all()
        return web.json_response({"ok": True, "result": await self._result(method, params)})

    def _failure(self, method: str) -> web.Response:
        failure = self.failures[0]
        failure.calls.append(method)
        if len(failure.calls) == failure.times:
            self.failures.pop(0)
        body: dict[str, Any] = {"ok": False, "error_code": failure.status}
        if failure.retry_after is not None:
            body["description"] = f"Too Many Requests: retry after {failure.retry_after}"
            body["parameters"] = {"retry_after": failure.retry_after}
        else:
            body["description"] = "Internal Server Error"
        return web.json_response(body, status=failure.status)

    async def _result(self, method: str, params: dict[str, str]) -> Any:
        match method:
            case "getMe":
                return BOT_USER
            case "getUpdates":
                return await self._next_updates(int(params.get("offset", 0)))
            case "sendMessage" | "editMessageText":
                return self._message(params)
            case "getWebhookInfo":
                return {**self.webhook, "pending_update_count": 0}
            case "setWebhook":
                allowed = json.loads(params.get("allowed_updates", "[]"))
                self.webhook = {**self.webhook, "url": params["url"], "allowed_updates": allowed}
                return True
            case "deleteWebhook":
                self.webhook = {"url": "", "has_custom_certificate": False}
                return True
            case _:
                return True

    async def _next_updates(self, offset: int) -> list[dict[str, Any]]:
        self.updates = [update for update in self.updates if update["update_id"] >= offset]
        if not self.updates:
            await asyncio.sleep(0.05)  # stands in for Telegram holding a long poll open
        return list(self.updates)

    def _message(self, params: dict[str, str]) -> dict[str, Any]:
        return {
            "message_id": int(params.get("message_id", len(self.calls))),
            "date": int(time.time()),
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            "from": BOT_USER,
            "text": params["text"],
        }
