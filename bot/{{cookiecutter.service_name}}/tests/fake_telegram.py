"""A stand-in for the Telegram Bot API on a loopback port: answers like Telegram, records calls."""

import asyncio
import socket
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "Test bot", "username": "test_bot"}


def message_update(
    text: str, *, update_id: int = 1, chat_id: int = 42, first_name: str = "Ada"
) -> dict[str, Any]:
    """An update carrying a private-chat message, as Telegram sends it."""
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": first_name},
        "from": {"id": chat_id, "is_bot": False, "first_name": first_name},
        "text": text,
    }
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"update_id": update_id, "message": message}


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, str]


class FakeTelegram:
    """Serves ``/bot<token>/<method>``; queued ``updates`` are handed out once by getUpdates."""

    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []
        self.calls: list[Call] = []
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

    def sent(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    async def wait_for(self, method: str, **params: str) -> Call:
        """The first call of ``method`` with ``params``, waiting for it if it has not come yet."""

        def matching() -> list[Call]:
            return [
                call
                for call in self.sent(method)
                if all(call.params.get(key) == value for key, value in params.items())
            ]

        async with asyncio.timeout(5), self._called:
            calls = await self._called.wait_for(matching)
        return calls[0]

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
        async with self._called:
            self.calls.append(Call(method, params))
            self._called.notify_all()
        result: Any
        match method:
            case "getMe":
                result = BOT_USER
            case "getUpdates":
                result = await self._next_updates()
            case "sendMessage":
                result = self._message(params)
            case _:
                result = True
        return web.json_response({"ok": True, "result": result})

    async def _next_updates(self) -> list[dict[str, Any]]:
        if not self.updates:
            await asyncio.sleep(0.05)  # stands in for Telegram holding a long poll open
        updates, self.updates = self.updates, []
        return updates

    def _message(self, params: dict[str, str]) -> dict[str, Any]:
        return {
            "message_id": len(self.calls),
            "date": int(time.time()),
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            "from": BOT_USER,
            "text": params["text"],
        }
