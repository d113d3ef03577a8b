"""A fake Telegram Bot API for the bots of a system run on this machine (system/local.py)."""

import contextlib
import json
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A bot that stops drops its connections (a long poll among them): not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass(frozen=True)
class BotCall:
    """One call a bot made to the Bot API: its method and parameters (as sent: strings)."""

    bot: str
    method: str
    params: dict[str, str]

    @property
    def chat_id(self) -> int | None:
        return int(self.params["chat_id"]) if "chat_id" in self.params else None

    @property
    def text(self) -> str:
        return self.params.get("text", "")

    def json(self, name: str) -> Any:
        return json.loads(self.params[name])

    @property
    def buttons(self) -> list[dict[str, str]]:
        """The inline keyboard's buttons (``text`` and ``callback_data`` or ``url``), in order."""
        markup = self.json("reply_markup") if "reply_markup" in self.params else {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]


@dataclass
class _Bot:
    name: str
    token: str
    user: dict[str, Any]
    updates: list[dict[str, Any]] = field(default_factory=list)
    webhook: dict[str, str] = field(default_factory=dict)


class FakeBotApi:
    """A stand-in for api.telegram.org on a loopback port, for every bot of the system.

    Serves ``/bot<token>/<method>``: ``getUpdates`` long-polls the updates queued by
    ``push_update`` (each one sent again until a later offset confirms it, as Telegram does);
    a bot that set a webhook gets them POSTed instead, with its secret token. Every call is
    recorded; ``sendMessage`` and ``editMessageText`` answer with the message.
    """

    def __init__(self) -> None:
        self._bots: dict[str, _Bot] = {}
        self._calls: list[BotCall] = []
        self._changed = threading.Condition()
        self._closed = False
        self._message_ids = 1000
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                api._answer(self)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def add_bot(self, name: str) -> str:
        """Register a bot; return the token it must use (``BOT_TOKEN``)."""
        number = 7_000_000_001 + len(self._bots)
        token = f"{number}:fake-bot-api-token-of-{name}"[:46].ljust(46, "0")
        user = {"id": number, "is_bot": True, "first_name": name, "username": f"{name}_test"}
        self._bots[name] = _Bot(name, token, user)
        return token

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        self._server.shutdown()
        self._server.server_close()

    # What tests do.

    def push_update(self, update: dict[str, Any], bot: str | None = None) -> dict[str, Any]:
        """Deliver an update to a bot (the only one when ``bot`` is None); ``update_id`` is
        added when missing. A webhook bot gets it POSTed now; a polling bot on its next poll."""
        target = self._bot(bot)
        with self._changed:
            update.setdefault("update_id", self._next_id())
            if not target.webhook.get("url"):
                target.updates.append(update)
                self._changed.notify_all()
                return update
        request = urllib.request.Request(
            target.webhook["url"],
            data=json.dumps(update).encode(),
            headers={
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": target.webhook.get("secret_token", ""),
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10):
            return update

    def push_message(
        self, chat_id: int, text: str, bot: str | None = None, first_name: str = "Ada"
    ) -> dict[str, Any]:
        """A private-chat message from user ``chat_id`` (commands get their entity)."""
        user = {"id": chat_id, "is_bot": False, "first_name": first_name, "language_code": "en"}
        message: dict[str, Any] = {
            "message_id": self._next_id(),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": first_name},
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self.push_update({"message": message}, bot)

    def push_callback(
        self, chat_id: int, data: str, message_id: int, bot: str | None = None
    ) -> dict[str, Any]:
        """The press of an inline button with ``data`` under the bot's message ``message_id``."""
        target = self._bot(bot)
        user = {"id": chat_id, "is_bot": False, "first_name": "Ada", "language_code": "en"}
        query = {
            "id": f"query-{self._next_id()}",
            "from": user,
            "chat_instance": str(chat_id),
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": target.user,
                "text": "",
            },
        }
        return self.push_update({"callback_query": query}, bot)

    def calls(self, method: str | None = None, bot: str | None = None) -> list[BotCall]:
        with self._changed:
            return [
                call
                for call in self._calls
                if (method is None or call.method == method) and (bot is None or call.bot == bot)
            ]

    def sent_messages(self, chat_id: int) -> list[BotCall]:
        """``sendMessage`` and ``editMessageText`` calls to ``chat_id``, in order."""
        methods = ("sendMessage", "editMessageText")
        return [call for call in self.calls() if call.method in methods and call.chat_id == chat_id]

    def wait_for_message(self, chat_id: int, contains: str = "", timeout: float = 15.0) -> BotCall:
        """The first message to ``chat_id`` containing ``contains`` (waiting for it)."""
        return self.wait_for(
            lambda: next(
                (call for call in self.sent_messages(chat_id) if contains in call.text), None
            ),
            timeout,
            f"no message to chat {chat_id} containing {contains!r}",
        )

    def wait_for(self, find: Callable[[], BotCall | None], timeout: float, what: str) -> BotCall:
        deadline = time.monotonic() + timeout
        with self._changed:
            while (found := find()) is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    sent = [(call.method, call.params.get("text")) for call in self._calls[-10:]]
                    raise TimeoutError(f"{what} within {timeout:.0f} s; last calls: {sent}")
                self._changed.wait(left)
        return found

    # The server side.

    def _bot(self, name: str | None) -> _Bot:
        if name is None:
            if len(self._bots) != 1:
                raise ValueError(f"name the bot: one of {sorted(self._bots)}")
            return next(iter(self._bots.values()))
        return self._bots[name]

    def _next_id(self) -> int:
        self._message_ids += 1
        return self._message_ids

    def _answer(self, request: BaseHTTPRequestHandler) -> None:
        parts = urllib.parse.urlsplit(request.path).path.strip("/").split("/")
        bot = next(
            (bot for bot in self._bots.values() if parts and parts[0] == f"bot{bot.token}"), None
        )
        if bot is None or len(parts) != 2:
            refused = {"ok": False, "error_code": 401, "description": "Unauthorized"}
            self._send(request, 401, refused)
            return
        params = _form(request)
        method = parts[1]
        with self._changed:
            self._calls.append(BotCall(bot.name, method, params))
            self._changed.notify_all()
        self._send(request, 200, {"ok": True, "result": self._result(bot, method, params)})

    def _result(self, bot: _Bot, method: str, params: dict[str, str]) -> Any:
        match method:
            case "getMe":
                return bot.user
            case "getUpdates":
                return self._updates(bot, int(params.get("offset", 0)), params)
            case "sendMessage" | "editMessageText":
                with self._changed:
                    message_id = int(params.get("message_id") or self._next_id())
                return {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": {"id": int(params["chat_id"]), "type": "private"},
                    "from": bot.user,
                    "text": params.get("text", ""),
                }
            case "getWebhookInfo":
                allowed = json.loads(bot.webhook.get("allowed_updates", "[]"))
                url = bot.webhook.get("url", "")
                return {
                    "url": url,
                    "has_custom_certificate": False,
                    "pending_update_count": 0,
                    "allowed_updates": allowed,
                }
            case "setWebhook":
                bot.webhook = dict(params)
                return True
            case "deleteWebhook":
                bot.webhook = {}
                return True
            case _:
                return True

    def _updates(self, bot: _Bot, offset: int, params: dict[str, str]) -> list[dict[str, Any]]:
        # Telegram holds a long poll open until an update comes or its timeout passes; here
        # at most a second, so that a stopping bot does not wait long for its last poll.
        deadline = time.monotonic() + min(float(params.get("timeout", 0)), 1.0)
        with self._changed:
            while True:
                bot.updates = [update for update in bot.updates if update["update_id"] >= offset]
                left = deadline - time.monotonic()
                if bot.updates or left <= 0 or self._closed:
                    return list(bot.updates)
                self._changed.wait(left)

    @staticmethod
    def _send(request: BaseHTTPRequestHandler, status: int, body: object) -> None:
        payload = json.dumps(body).encode()
        # A bot that stops closes its long poll: nobody reads the answer then.
        with contextlib.suppress(OSError):
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(payload)))
            request.end_headers()
            request.wfile.write(payload)


def _form(request: BaseHTTPRequestHandler) -> dict[str, str]:
    """The parameters of a Bot API call: URL-encoded, multipart or JSON body, or query."""
    length = int(request.headers.get("Content-Length") or 0)
    body = request.rfile.read(length) if length else b""
    kind = request.headers.get("Content-Type", "")
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(request.path).query))
    if kind.startswith("application/json") and body:
        values = json.loads(body)
        params |= {k: v if isinstance(v, str) else json.dumps(v) for k, v in values.items()}
    elif kind.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {kind}\r\n\r\n".encode() + body
        )
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if isinstance(name, str) and isinstance(payload, bytes):
                params[name] = payload.decode()
    elif body:
        params |= dict(urllib.parse.parse_qsl(body.decode()))
    return params
