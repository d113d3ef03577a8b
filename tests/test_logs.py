"""Logs of running services (issue 8): each of the four templates runs as a real process with
``LOG_JSON=true``, gets real traffic carrying secrets (a bearer token, an API key, a password
in a body or a message, the Telegram bot token in every Bot API URL) and is stopped with
SIGTERM. Every line it wrote must be one JSON object with the fields of SPEC §4, and no
secret may appear anywhere in its output."""

import json
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tests.conftest import require
from tests.harness import bake, environment
from tests.live import Running, exchange, launch, request
from tests.services import Services

pytestmark = pytest.mark.slow

BEARER = f"bearer-secret-{uuid.uuid4().hex}"
API_KEY = f"api-key-secret-{uuid.uuid4().hex}"
PASSWORD = f"password-secret-{uuid.uuid4().hex}"
QUERY_TOKEN = f"query-token-{uuid.uuid4().hex}"
BOT_TOKEN = f"123456789:AA{uuid.uuid4().hex}{uuid.uuid4().hex[:8]}"
SECRETS = (BEARER, API_KEY, PASSWORD, QUERY_TOKEN, BOT_TOKEN, BOT_TOKEN.split(":")[1])
REQUIRED = {"timestamp", "level", "event", "service"}
EVENT = "item.created"


def json_lines(running: Running) -> list[dict[str, Any]]:
    """Every line of the output, each of which must be a JSON object."""
    lines = []
    for number, line in enumerate(running.output().splitlines(), 1):
        try:
            record = json.loads(line)
        except ValueError:
            pytest.fail(f"line {number} is not JSON: {line!r}\n{running.output()[-3000:]}")
        assert isinstance(record, dict), line
        assert record.keys() >= REQUIRED, f"line {number} lacks {REQUIRED - record.keys()}: {line}"
        lines.append(record)
    return lines


def stop(running: Running) -> None:
    running.process.send_signal(signal.SIGTERM)
    running.process.wait(30)


def wait_until(condition: Callable[[], bool], running: Running, what: str) -> None:
    deadline = time.monotonic() + 20
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} in 20 s:\n{running.output()[-3000:]}")
        time.sleep(0.2)


def assert_no_secret(running: Running) -> None:
    output = running.output()
    assert [secret for secret in SECRETS if secret in output] == [], output[-3000:]


def drive_api(running: Running, request_id: str, path: str) -> None:
    headers = {
        "Authorization": f"Bearer {BEARER}",
        "X-API-Key": API_KEY,
        "X-Request-ID": request_id,
    }
    exchange("POST", f"{running.url}{path}", {"name": "logged", "password": PASSWORD}, headers)
    exchange("GET", f"{running.url}{path}?access_token={QUERY_TOKEN}", None, headers)
    exchange("GET", f"{running.url}/ready", None, {"X-Request-ID": request_id})


@pytest.mark.parametrize(
    ("template", "answers"),
    [
        ("data-api", {"maturity_level": "2"}),
        ("business-api", {"maturity_level": "4", "use_redis": "no"}),
    ],
)
def test_api_logs_are_json_lines_without_secrets(
    template: str, answers: dict[str, str], tmp_path: Path
) -> None:
    project = bake(template, tmp_path, answers)
    venv = environment(template, project)
    request_id = f"logs-{uuid.uuid4().hex[:12]}"
    env = {"LOG_JSON": "true", "LOG_LEVEL": "INFO"}
    if template == "business-api":  # no data-api: the requests fail upstream, logged too
        env["DATA_API_URL"] = "http://127.0.0.1:9"
    if answers["maturity_level"] == "4":  # tracing on (the exports fail: no collector)
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9"
    with launch(project, venv, env, tmp_path / "service.log") as running:
        drive_api(running, request_id, "/api/v1/items")
        stop(running)

    lines = json_lines(running)
    mine = [line for line in lines if line.get("request_id") == request_id]
    assert mine, running.output()[-3000:]
    if answers["maturity_level"] == "4":
        # Probes are not traced; every line of an API request carries its trace.
        traced = [line for line in mine if "/api/v1/" in str(line["event"])]
        assert traced, mine
        assert all(line.get("trace_id") for line in traced), traced
    assert_no_secret(running)


def test_worker_logs_are_json_lines_without_secrets(services: Services, tmp_path: Path) -> None:
    project = bake("worker", tmp_path, {"maturity_level": "2", "event_name": EVENT})
    venv = environment("worker", project)
    rabbitmq = require(services, "RABBITMQ_URL")
    suffix = uuid.uuid4().hex[:8]
    exchange_name, queue = f"logs{suffix}.events", f"q.logs{suffix}.events"
    request_id = f"logs-{suffix}"
    env = {
        "LOG_JSON": "true",
        "RABBITMQ_URL": rabbitmq,
        "RABBITMQ_EXCHANGE": exchange_name,
        "RABBITMQ_QUEUE": queue,
        "RETRY_DELAYS_SECONDS": "[0.2]",
        "RABBITMQ_DELIVERY_LIMIT": "2",
        "DATA_API_URL": "http://127.0.0.1:9",
    }
    try:
        with launch(project, venv, env, tmp_path / "worker.log") as running:
            wait_until(lambda: request("GET", f"{running.url}/ready")[0] == 200, running, "ready")
            envelope = {
                "event_id": str(uuid.uuid4()),
                "event_type": EVENT,
                "version": 1,
                "occurred_at": "2026-01-01T00:00:00Z",
                "producer": "logs-test",
                "request_id": request_id,
                "payload": {"name": "logged", "password": PASSWORD, "token": BEARER},
            }
            amqp(venv, PUBLISH, rabbitmq, exchange_name, EVENT, json.dumps(envelope), request_id)
            wait_until(
                lambda: any(request_id in line for line in running.output().splitlines()[1:]),
                running,
                "line of the message",
            )
            time.sleep(1)  # its retry and dead-lettering
            stop(running)
    finally:
        amqp(venv, CLEANUP, rabbitmq, exchange_name, queue)

    lines = json_lines(running)
    assert any(line.get("request_id") == request_id for line in lines), running.output()
    assert_no_secret(running)


PUBLISH = """
import asyncio, sys
import aio_pika

async def main(url, exchange, routing_key, body, request_id):
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        target = await channel.get_exchange(exchange)
        message = aio_pika.Message(body.encode(), headers={"x-request-id": request_id},
                                   content_type="application/json")
        await target.publish(message, routing_key=routing_key)

asyncio.run(main(*sys.argv[1:]))
"""

CLEANUP = """
import asyncio, sys
import aio_pika

async def main(url, exchange, queue):
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        for name in (queue, queue + ".dlq", queue + ".retry.200ms"):
            await channel.queue_delete(name)
        await channel.exchange_delete(exchange)

asyncio.run(main(*sys.argv[1:]))
"""


def amqp(venv: Path, script: str, *args: str) -> None:
    subprocess.run(
        [str(venv / "bin" / "python"), "-c", script, *args], capture_output=True, check=False
    )


class FakeBotApi(BaseHTTPRequestHandler):
    """Telegram's Bot API as far as a polling bot needs it: one ``/start`` update, then none."""

    updates: ClassVar[list[dict[str, Any]]] = []
    calls: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        method = self.path.rsplit("/", 1)[-1]
        self.calls.append(method)
        chat = {"id": 42, "type": "private", "first_name": "Ada"}
        user = {"id": 42, "is_bot": False, "first_name": "Ada", "language_code": "en"}
        result: object = True
        if method == "getMe":
            result = {"id": 123456789, "is_bot": True, "first_name": "Bot", "username": "bot"}
        elif method == "getUpdates":
            result, self.updates[:] = list(self.updates), []
            if not result:
                time.sleep(0.5)
        elif method in {"sendMessage", "editMessageText"}:
            result = {"message_id": 1, "date": 0, "chat": chat, "from": user, "text": "ok"}
        body = json.dumps({"ok": True, "result": result}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST

    def log_message(self, *_: object) -> None:
        pass


@contextmanager
def fake_bot_api() -> Iterator[str]:
    chat = {"id": 42, "type": "private", "first_name": "Ada"}
    user = {"id": 42, "is_bot": False, "first_name": "Ada", "language_code": "en"}
    FakeBotApi.updates[:] = [
        {
            "update_id": 1,
            "message": {
                "message_id": 1, "date": 0, "chat": chat, "from": user, "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        },
        {
            "update_id": 2,
            "message": {"message_id": 2, "date": 0, "chat": chat, "from": user,
                        "text": f"my password is {PASSWORD}"},
        },
    ]  # fmt: skip
    FakeBotApi.calls[:] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBotApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_bot_logs_are_json_lines_without_the_token(tmp_path: Path) -> None:
    project = bake("bot", tmp_path, {"maturity_level": "2", "fsm_storage": "memory"})
    venv = environment("bot", project)
    with fake_bot_api() as api:
        env = {
            "LOG_JSON": "true",
            "LOG_LEVEL": "DEBUG",  # aiogram and aiohttp log the Bot API calls too
            "BOT_TOKEN": BOT_TOKEN,
            "TELEGRAM_API_URL": api,
            "BUSINESS_API_URL": "http://127.0.0.1:9",
        }
        with launch(project, venv, env, tmp_path / "bot.log") as running:
            wait_until(lambda: "sendMessage" in FakeBotApi.calls, running, "reply")
            stop(running)

    lines = json_lines(running)
    assert any(line.get("request_id") for line in lines), running.output()
    assert_no_secret(running)
