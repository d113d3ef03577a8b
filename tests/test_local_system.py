"""system/local.py: a baked system runs as processes on this machine, wired as its Compose
project wires it, behind a real nginx gateway, its bot talking to the fake Bot API."""

import json
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts import demo
from system.__main__ import main
from system.bot_api import FakeBotApi
from system.description import load
from system.local import Gateway, LocalSystem
from system.render import gateway, nodes
from tests.conftest import require, require_tool
from tests.services import Services

DESCRIPTION = """\
name: healthcare_telemedicine
maturity_level: 3
services:
  - name: healthcare_booking_data_api
    template: data-api
  - name: healthcare_telemedicine_api
    template: business-api
    calls: healthcare_booking_data_api
    answers: {use_rabbitmq: "yes"}
  - name: healthcare_reminder_worker
    template: worker
    calls: healthcare_booking_data_api
    answers: {event_name: item.created}
  - name: healthcare_telemedicine_bot
    template: bot
    calls: healthcare_telemedicine_api
    answers: {update_mode: webhook}
"""
DATA_API, API, WORKER, BOT = (
    "healthcare_booking_data_api", "healthcare_telemedicine_api",
    "healthcare_reminder_worker", "healthcare_telemedicine_bot",
)  # fmt: skip


@pytest.fixture(scope="module")
def baked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("local")
    (tmp / "system.yaml").write_text(DESCRIPTION)
    assert main([str(tmp / "system.yaml"), "--output", str(tmp)]) == 0
    return tmp / "healthcare_telemedicine"


@pytest.fixture(scope="module")
def running(
    baked: Path, services: Services, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalSystem]:
    require_tool("/usr/sbin/nginx", "nginx")
    logs = tmp_path_factory.mktemp("logs")
    with LocalSystem.start(
        baked,
        logs=logs,
        postgres=require(services, "DATABASE_URL"),
        redis=require(services, "REDIS_URL"),
        rabbitmq=require(services, "RABBITMQ_URL"),
        gateway=True,
        bot_api=True,
    ) as system:
        yield system


def call(method: str, url: str, body: object = None, request_id: str = "") -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if request_id:
        request.add_header("X-Request-ID", request_id)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_for_line(system: LocalSystem, name: str, **fields: object) -> dict[str, Any]:
    lines = system.wait_for_log(name, **fields)
    assert lines, f"{name} logged no line with {fields}: {system.log_lines(name)[-5:]}"
    return lines[0]


def test_each_service_gets_the_compose_wiring_with_local_addresses(
    running: LocalSystem,
) -> None:
    env = {name: service.env for name, service in running.services.items()}
    assert env[API]["DATA_API_URL"] == running.url(DATA_API)
    assert env[WORKER]["DATA_API_URL"] == running.url(DATA_API)
    assert env[BOT]["BUSINESS_API_URL"] == running.url(API)
    assert env[BOT]["TELEGRAM_API_URL"] == running.bot_api.url
    assert env[BOT]["WEBHOOK_BASE_URL"] == f"{running.gateway_url}/healthcare-telemedicine-bot"
    database = env[DATA_API]["DATABASE_URL"]
    assert database == running.databases[DATA_API]
    assert database.rsplit("/", 1)[1].startswith(f"{DATA_API}_")  # its own database
    assert env[API]["RABBITMQ_URL"] == env[WORKER]["RABBITMQ_URL"]
    assert all(variables["LOG_JSON"] == "true" for variables in env.values())


def test_a_request_through_the_gateway_reaches_every_hop_with_its_request_id(
    running: LocalSystem,
) -> None:
    body = {"name": "through the gateway"}
    status, created = call("POST", f"{running.gateway_url}/api/v1/items", body, "journey-1")
    assert status == 201, created
    assert call("GET", f"{running.gateway_url}/api/v1/items/{created['id']}")[1] == created
    # The same request ID at the gateway, the business-api and the data-api it called.
    assert wait_for_line(running, "gateway", request_id="journey-1")["status"] == 201
    wait_for_line(running, API, request_id="journey-1")
    wait_for_line(running, DATA_API, request_id="journey-1")
    # The event it published reached the worker, which wrote its result to the data-api.
    processed = wait_for_line(running, WORKER, event="event.processed")
    assert processed["event_type"] == "item.created"
    assert processed["request_id"] == "journey-1"
    status, result = call("GET", f"{running.url(DATA_API)}/api/v1/items/{processed['result_id']}")
    assert status == 200 and result["name"].startswith("item.created ")
    # The gateway's own refusals are Problem Details; /metrics stays internal.
    status, problem = call("GET", f"{running.gateway_url}/metrics")
    assert (status, problem["title"]) == (404, "Not Found")


def test_the_webhook_bot_gets_updates_through_the_gateway(running: LocalSystem) -> None:
    webhook = running.bot_api.calls("setWebhook")[-1]
    assert webhook.params["url"].startswith(f"{running.gateway_url}/healthcare-telemedicine-bot/")
    running.bot_api.push_message(4242, "/start")
    assert "Hello" in running.bot_api.wait_for_message(4242).text
    assert any(line["path"].endswith("/webhook") for line in running.log_lines("gateway"))


def test_a_stopped_service_starts_again_on_its_port(running: LocalSystem) -> None:
    url = running.url(WORKER)
    assert running.stop_service(WORKER) == 0
    assert not running.services[WORKER].running
    running.start_service(WORKER)
    assert running.url(WORKER) == url
    assert call("GET", f"{url}/health")[0] == 200


def test_the_fake_bot_api_long_polls_and_records_calls() -> None:
    api = FakeBotApi()
    try:
        token = api.add_bot("a_bot")
        api.push_message(7, "hello")
        started = time.monotonic()
        with urllib.request.urlopen(f"{api.url}/bot{token}/getUpdates?offset=0&timeout=5") as r:
            updates = json.loads(r.read())["result"]
        assert time.monotonic() - started < 1  # a queued update is answered at once
        assert updates[0]["message"]["text"] == "hello"
        confirm = f"offset={updates[0]['update_id'] + 1}&timeout=0.3".encode()
        with urllib.request.urlopen(f"{api.url}/bot{token}/getUpdates", data=confirm) as r:
            assert json.loads(r.read())["result"] == []  # confirmed, then held and empty
        markup = {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}
        form = urllib.parse.urlencode(
            {"chat_id": 7, "text": "hi", "reply_markup": json.dumps(markup)}
        )
        urllib.request.urlopen(f"{api.url}/bot{token}/sendMessage", data=form.encode()).close()
        sent = api.wait_for_message(7, "hi")
        assert sent.buttons == [{"text": "Yes", "callback_data": "y"}]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{api.url}/bot1:wrong/getMe")
        assert refused.value.code == 401
    finally:
        api.close()


def test_several_public_services_get_a_prefix_each_and_nginx_accepts_it(
    baked: Path, tmp_path: Path
) -> None:
    require_tool("/usr/sbin/nginx", "nginx")
    system = load(baked / "system.yaml")
    all_nodes = nodes(system, baked)
    upstreams = {node.name: f"127.0.0.1:{8000 + index}" for index, node in enumerate(all_nodes)}
    config = gateway(system, all_nodes, upstreams, listen="127.0.0.1:8080",
                     access_log=str(tmp_path / "access.log"), local=True)  # fmt: skip
    assert "location /healthcare-telemedicine-bot/ {" in config
    assert "location /healthcare-telemedicine-api/ {" in config
    assert "location / {" in config  # the only business-api is also at /
    assert "healthcare_booking_data_api" not in config  # data-apis stay internal
    assert Gateway(config, tmp_path / "nginx", 8080).test() == ""


def test_make_demo_says_what_to_install_and_falls_back_to_the_level_1_demo(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ran: list[str] = []
    monkeypatch.setattr(demo, "missing", lambda: ["rabbitmq-server", "nginx"])
    monkeypatch.setattr(demo, "level_one", lambda: ran.append("level 1"))
    monkeypatch.setattr(demo, "telemedicine", lambda: ran.append("telemedicine"))
    demo.main([])
    assert ran == ["level 1"]
    assert "sudo apt-get install rabbitmq-server nginx" in capsys.readouterr().out
    monkeypatch.setattr(demo, "missing", lambda: [])
    demo.main([])
    assert ran == ["level 1", "telemedicine"]
