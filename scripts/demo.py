"""`make demo`: build the Telemedicine example (examples/telemedicine) into ./demo and run it
on this machine with system/local.py (real PostgreSQL, Redis and RabbitMQ, an nginx gateway,
a fake Telegram Bot API), walk one user journey through it, and stop everything.

Without those servers installed it says what to install and runs the level-1 demo instead:
bake all four templates with default answers, run the data-api (on its embedded SQLite
default) and the business-api in front of it, create a resource and read it back
(``python -m scripts.demo --level-1`` runs that one directly).
"""

import json
import shutil
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from system.example import ExampleError, build
from system.local import NGINX, LocalSystem, ServiceFailed
from tests.harness import ROOT, TEMPLATES, bake, environment
from tests.live import ServiceFailed as LevelOneFailed
from tests.live import request, serve
from tests.services import ServiceUnavailable, missing_packages

DEMO = ROOT / "demo"
EXAMPLE = ROOT / "examples" / "telemedicine"
REQUEST_ID = "make-demo-1"
CHAT_ID = 4242


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def missing() -> list[str]:
    """The Debian packages the Telemedicine demo needs and this machine lacks."""
    nginx = [] if Path(NGINX).exists() or shutil.which("nginx") else ["nginx"]
    return missing_packages() + nginx


def call(method: str, url: str, body: object = None, **headers: str) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    sent = {"Content-Type": "application/json", **headers}
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data=data, method=method, headers=sent), timeout=10
        ) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def expect(answer: tuple[int, Any], wanted: int, what: str) -> Any:
    status, body = answer
    if status != wanted:
        sys.exit(f"{what} failed: {status} {json.dumps(body)}")
    return body


def next_message(system: LocalSystem, after: int, what: str) -> str:
    """The text of the first message to the patient's chat after the first ``after`` ones."""
    found = system.bot_api.wait_for(
        lambda: next(iter(system.bot_api.sent_messages(CHAT_ID)[after:]), None), 20, what
    )
    return found.text


def logged_by(system: LocalSystem, names: list[str], timeout: float = 5.0) -> list[str]:
    """Which of ``names`` logged the demo's request ID (a worker logs after its work: wait)."""
    deadline = time.monotonic() + timeout
    while True:
        seen = [
            name
            for name in names
            if any(line.get("request_id") == REQUEST_ID for line in system.log_lines(name))
        ]
        if len(seen) == len(names) or time.monotonic() > deadline:
            return seen
        time.sleep(0.2)


def journey(system: LocalSystem) -> list[str]:
    """A patient books a doctor's slot through the gateway, gets the reminder in Telegram,
    sees the booking in the bot and cancels it; what each hop showed."""
    base = f"{system.gateway_url}/api/v1"
    doctor = expect(call("POST", f"{base}/doctors", {"name": "Dr. Grace Hopper"}), 201, "doctor")
    as_doctor = {"X-User-Role": "doctor", "X-User-ID": str(doctor["id"])}
    patient = {"name": "Ada", "telegram_chat_id": CHAT_ID}
    patient = expect(call("POST", f"{base}/patients", patient), 201, "patient")
    as_patient = {"X-User-Role": "patient", "X-User-ID": str(patient["id"])}
    step(f"doctor {doctor['id']} and patient {patient['id']} (Telegram chat {CHAT_ID}) registered")
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    times = {
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(minutes=30)).isoformat(),
    }
    path = f"{base}/doctors/{doctor['id']}/slots"
    slot = expect(call("POST", path, times, **as_doctor), 201, "opening a slot")
    status, slots = call("GET", f"{base}/slots?doctor_id={doctor['id']}")
    step(f"the doctor opened slot {slot['id']} at {starts:%Y-%m-%d %H:%M} UTC; "
         f"GET /slots -> {status}, {len(slots['items'])} open")  # fmt: skip

    headers = {**as_patient, "X-Request-ID": REQUEST_ID}
    booking = call("POST", f"{base}/appointments", {"slot_id": slot["id"]}, **headers)
    booked = expect(booking, 201, "booking")
    step(f"POST /appointments (X-Request-ID {REQUEST_ID}) -> 201, room {booked['room_url']}")
    reminder = next_message(system, 0, "no reminder from the worker")
    step(f"the reminder worker sent the patient: {reminder.splitlines()[0]!r}")
    names = ["gateway", *(node.name for node in system.nodes if node.template != "bot")]
    seen = logged_by(system, names)
    step(f"request {REQUEST_ID} is in the logs of: {', '.join(seen)}")

    sent = len(system.bot_api.sent_messages(CHAT_ID))
    system.bot_api.push_message(CHAT_ID, "/appointments")
    listed = next_message(system, sent, "no answer from the bot to /appointments")
    step(f"the bot answered /appointments: {listed.splitlines()[0]!r}")
    path = f"{base}/appointments/{booked['id']}/cancel"
    cancelled = expect(call("POST", path, **as_patient), 200, "cancelling")
    step(f"POST /appointments/{booked['id']}/cancel -> 200, {cancelled['status']}")
    return [
        f"slot {slot['id']} booked through the gateway, room link {booked['room_url']}",
        f"appointment.booked -> reminder worker -> Telegram message to chat {CHAT_ID}",
        f"one request ID across {len(seen)} logs ({', '.join(seen)})",
        "the bot listed the booking; the patient cancelled it",
    ]


def telemedicine() -> None:
    started = time.monotonic()
    shutil.rmtree(DEMO, ignore_errors=True)
    step(f"building {EXAMPLE.relative_to(ROOT)} (bake, then the team's patches and files)")
    root = build(EXAMPLE, DEMO)
    step(f"built {root.relative_to(ROOT)}: {', '.join(sorted(p.name for p in root.iterdir()))}")
    logs = DEMO / "logs"
    with LocalSystem.start(root, logs=logs, gateway=True, bot_api=True, progress=step) as system:
        step("running:")
        for line in system.summary():
            print(f"    {line}", flush=True)
        done = journey(system)
        step("stopping the gateway and every service (SIGTERM)")
    step(f"done in {time.monotonic() - started:.1f} s:")
    for line in done:
        print(f"    {line}")
    print(f"    logs in {logs.relative_to(ROOT)}; the built system stays in {DEMO.name}/")


def level_one() -> None:
    started = time.monotonic()
    shutil.rmtree(DEMO, ignore_errors=True)
    projects = {}
    for template in TEMPLATES:
        projects[template] = bake(template, DEMO)
        step(f"baked {template} -> {projects[template].relative_to(ROOT)}")

    data_api, business_api = projects["data-api"], projects["business-api"]
    step("installing their dependencies (uv, shared cache)")
    data_venv = environment("data-api", data_api)
    business_venv = environment("business-api", business_api)

    with ExitStack() as stack:
        step("starting the data-api on its embedded SQLite database")
        data_log = DEMO / f"{data_api.name}.log"
        data_url = stack.enter_context(serve(data_api, data_venv, {}, data_log))
        step(f"{data_api.name} is up on {data_url} (log: {data_log.relative_to(ROOT)})")

        step("starting the business-api in front of it")
        api_log = DEMO / f"{business_api.name}.log"
        env = {"DATA_API_URL": data_url}
        api_url = stack.enter_context(serve(business_api, business_venv, env, api_log))
        step(f"{business_api.name} is up on {api_url} (log: {api_log.relative_to(ROOT)})")

        body = {"name": "First item", "description": "created by make demo"}
        status, created = request("POST", f"{api_url}/api/v1/items", body)
        step(f"POST {api_url}/api/v1/items -> {status} {json.dumps(created)}")
        if status != 201 or not isinstance(created, dict):
            sys.exit("creating the item through the business-api failed")
        status, read = request("GET", f"{api_url}/api/v1/items/{created['id']}")
        step(f"GET  {api_url}/api/v1/items/{created['id']} -> {status} {json.dumps(read)}")
        if status != 200 or read != created:
            sys.exit("reading the item back through the business-api failed")
        step("stopping both services")
    step(f"done in {time.monotonic() - started:.1f} s; the baked services stay in ./demo")


def main(argv: list[str]) -> None:
    lacking = missing()
    if "--level-1" in argv or lacking:
        if lacking:
            step(
                "the Telemedicine demo runs its services on this machine and needs "
                f"{', '.join(lacking)}: sudo apt-get install {' '.join(lacking)}"
            )
            step("meanwhile, the level-1 demo (data-api + business-api on SQLite):")
        level_one()
        return
    telemedicine()


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except (ServiceFailed, LevelOneFailed, ServiceUnavailable, ExampleError) as error:
        sys.exit(f"the demo failed: {error}")
