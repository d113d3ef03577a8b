"""The Telemedicine example (``examples/telemedicine``) end to end.

Built from today's templates plus the team's patches and files, each service passes its own
checks; then the whole system runs as processes (real PostgreSQL, Redis, RabbitMQ and an
nginx gateway; a fake Telegram Bot API) and patients and doctors walk through it.
"""

import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from system.example import build
from system.local import LocalSystem
from tests.examples_support import Answer, assert_passes_its_checks, call, eventually, running
from tests.harness import ROOT
from tests.services import Services

pytestmark = pytest.mark.slow
# The journeys share one running system when one xdist worker runs them all (loadgroup).
journey = pytest.mark.xdist_group("example_telemedicine")

EXAMPLE = ROOT / "examples" / "telemedicine"
DATA_API = "healthcare_data_postgres_api"
API = "healthcare_telemedicine_api"
WORKER = "healthcare_reminder_worker"
BOT = "healthcare_telemedicine_bot"
SERVICES = {DATA_API: "data-api", API: "business-api", WORKER: "worker", BOT: "bot"}
ROOM_BASE = "https://rooms.example.com/r/"
CONCURRENCY = 50


def patient(patient_id: int) -> dict[str, str]:
    return {"X-User-Role": "patient", "X-User-ID": str(patient_id)}


def doctor(doctor_id: int) -> dict[str, str]:
    return {"X-User-Role": "doctor", "X-User-ID": str(doctor_id)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as a team has it: today's bake, their patches and files."""
    return build(EXAMPLE, tmp_path_factory.mktemp("telemedicine"))


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_passes_its_own_checks(built: Path, services: Services, name: str) -> None:
    assert_passes_its_checks(SERVICES[name], built / name, services)


class Clinic:
    """The running system, seen through its gateway, with a doctor and two patients."""

    def __init__(self, system: LocalSystem) -> None:
        self.system = system
        self.gateway = system.gateway_url
        self.doctor_id = self.post("/api/v1/doctors", {"name": "Dr Gregory House"}).body["id"]
        self.other_doctor_id = self.post("/api/v1/doctors", {"name": "Dr Lisa Cuddy"}).body["id"]
        self.ann = self.register("Ann", 1001)
        self.bob = self.register("Bob", 1002)
        self._hour = 0

    def post(self, path: str, body: object = None, headers: dict[str, str] | None = None) -> Answer:
        return call("POST", self.gateway + path, body, headers)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return call("GET", self.gateway + path, None, headers)

    def register(self, name: str, chat_id: int | None = None) -> int:
        answer = self.post("/api/v1/patients", {"name": name, "telegram_chat_id": chat_id})
        assert answer.status == 201, answer.body
        return int(answer.body["id"])

    def open_slot(self) -> int:
        """A new slot of the doctor, an hour after the previous one."""
        self._hour += 1
        day, hour = divmod(self._hour, 10)
        starts = f"2030-02-{day + 1:02d}T{hour + 8:02d}:00:00Z"
        ends = f"2030-02-{day + 1:02d}T{hour + 8:02d}:30:00Z"
        answer = self.post(
            f"/api/v1/doctors/{self.doctor_id}/slots",
            {"starts_at": starts, "ends_at": ends},
            doctor(self.doctor_id),
        )
        assert answer.status == 201, answer.body
        return int(answer.body["id"])

    def book(self, patient_id: int, slot_id: int, request_id: str | None = None) -> Answer:
        headers = patient(patient_id) | ({"X-Request-ID": request_id} if request_id else {})
        return self.post("/api/v1/appointments", {"slot_id": slot_id}, headers)

    def reminders(self, appointment_id: int) -> list[dict[str, Any]]:
        """The reminders stored for an appointment, read from the data-api itself."""
        url = f"{self.system.url(DATA_API)}/api/v1/reminders?appointment_id={appointment_id}"
        return list(call("GET", url).body["items"])

    def booked_rows(self, slot_id: int) -> int:
        """Booked appointments of a slot, counted in the data-api's database."""
        service = self.system.services[DATA_API]
        script = (
            "import asyncio, sys, asyncpg\n"
            "async def main():\n"
            "    connection = await asyncpg.connect(sys.argv[1])\n"
            '    print(await connection.fetchval("SELECT count(*) FROM appointments'
            " WHERE slot_id = $1 AND status = 'booked'\", int(sys.argv[2])))\n"
            "    await connection.close()\n"
            "asyncio.run(main())\n"
        )
        url = self.system.databases[DATA_API]
        result = subprocess.run(
            [str(service.venv / "bin" / "python"), "-c", script, url, str(slot_id)],
            check=True,
            capture_output=True,
            text=True,
        )
        return int(result.stdout)


@pytest.fixture(scope="module")
def clinic(
    built: Path, services: Services, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Clinic]:
    logs = tmp_path_factory.mktemp("logs")
    # Its own exchange and queue on the shared broker: another copy of the system (another
    # test worker) must not consume this one's events. Fifty patients book at once from one
    # address: the API's per-client limit (100/second) is for the internet, not this test.
    suffix = uuid.uuid4().hex[:8]
    exchange = f"healthcare.events.{suffix}"
    env = {
        API: {"RABBITMQ_EXCHANGE": exchange, "RATE_LIMIT": "1000/second"},
        WORKER: {"RABBITMQ_EXCHANGE": exchange, "RABBITMQ_QUEUE": f"q.{WORKER}.{suffix}"},
    }
    with running(built, services, logs, env) as system:
        yield Clinic(system)


@journey
def test_a_patient_books_is_reminded_lists_and_cancels(clinic: Clinic) -> None:
    request_id = "tele-journey-booking-1"
    slot_id = clinic.open_slot()
    assert slot_id in [slot["id"] for slot in clinic.get("/api/v1/slots").body["items"]]

    booked = clinic.book(clinic.ann, slot_id, request_id)

    assert booked.status == 201, booked.body
    appointment = booked.body
    assert appointment["room_url"].startswith(ROOM_BASE)
    assert booked.headers["X-Request-ID"] == request_id
    assert slot_id not in [slot["id"] for slot in clinic.get("/api/v1/slots").body["items"]]
    # appointment.booked -> the reminder worker -> the data-api and the Bot API.
    message = clinic.system.bot_api.wait_for_message(1001, appointment["room_url"])
    assert "Ann" in message.text
    [reminder] = eventually(
        lambda: [r for r in clinic.reminders(appointment["id"]) if r["sent_at"]] or None,
        "a sent reminder",
    )
    assert reminder["message"] == message.text
    # The request ID reached every hop.
    for name in (API, DATA_API, WORKER, "gateway"):
        assert clinic.system.wait_for_log(name, request_id=request_id), name

    mine = clinic.get("/api/v1/appointments", patient(clinic.ann)).body["items"]
    assert appointment in mine
    cancel = f"/api/v1/appointments/{appointment['id']}/cancel"
    assert clinic.post(cancel, None, patient(clinic.bob)).status == 403
    cancelled = clinic.post(cancel, None, patient(clinic.ann))
    assert cancelled.status == 200
    assert cancelled.body["status"] == "cancelled"
    assert slot_id in [slot["id"] for slot in clinic.get("/api/v1/slots").body["items"]]
    again = clinic.post(cancel, None, patient(clinic.ann))
    assert again.status == 409
    assert again.headers["Content-Type"] == "application/problem+json"


@journey
def test_medical_records_are_for_the_patient_and_their_doctor(clinic: Clinic) -> None:
    assert clinic.book(clinic.ann, clinic.open_slot()).status == 201
    path = f"/api/v1/patients/{clinic.ann}/records"

    added = clinic.post(path, {"note": "Blood pressure 120/80."}, doctor(clinic.doctor_id))

    assert added.status == 201, added.body
    for reader in (patient(clinic.ann), doctor(clinic.doctor_id)):
        answer = clinic.get(path, reader)
        assert answer.status == 200
        assert answer.body["items"] == [added.body]
    for stranger in (patient(clinic.bob), doctor(clinic.other_doctor_id)):
        refused = clinic.get(path, stranger)
        assert refused.status == 403
        assert refused.headers["Content-Type"] == "application/problem+json"
    assert clinic.get(path).status == 401


@journey
def test_the_bot_lists_the_patients_booking(clinic: Clinic) -> None:
    booked = clinic.book(clinic.ann, clinic.open_slot())
    assert booked.status == 201

    clinic.system.bot_api.push_message(1001, "/appointments", first_name="Ann")

    reply = clinic.system.bot_api.wait_for_message(1001, "Your appointments")
    assert booked.body["room_url"] in reply.text
    # The update's request ID went from the bot to the business-api and on to the data-api.
    bot_ids = eventually(
        lambda: (
            {line["request_id"] for line in clinic.system.log_lines(BOT) if "update_id" in line}
            or None
        ),
        "the bot's log line of the update",
    )

    def seen_by_both() -> bool | None:
        logs = (clinic.system.log_lines(name) for name in (API, DATA_API))
        return all(bot_ids & {line.get("request_id") for line in lines} for lines in logs) or None

    eventually(seen_by_both, "a request ID of the bot in the business-api's and data-api's logs")


@journey
def test_fifty_concurrent_bookings_of_one_slot_book_it_once(clinic: Clinic) -> None:
    slot_id = clinic.open_slot()
    patients = [clinic.register(f"Patient {number}") for number in range(CONCURRENCY)]

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        answers = list(pool.map(lambda one: clinic.book(one, slot_id), patients))

    assert Counter(answer.status for answer in answers) == {201: 1, 409: CONCURRENCY - 1}
    assert all(
        answer.headers["Content-Type"] == "application/problem+json"
        for answer in answers
        if answer.status == 409
    )
    assert clinic.booked_rows(slot_id) == 1


@journey
def test_reminders_wait_for_a_stopped_worker_and_come_once(clinic: Clinic) -> None:
    clinic.system.stop_service(WORKER)
    try:
        appointments = [clinic.book(clinic.bob, clinic.open_slot()).body for _ in range(3)]
        time.sleep(1)
        assert all(clinic.reminders(one["id"]) == [] for one in appointments)
    finally:
        clinic.system.start_service(WORKER)

    for appointment in appointments:
        clinic.system.bot_api.wait_for_message(1002, appointment["room_url"])
        eventually(
            lambda one=appointment: (
                [r for r in clinic.reminders(one["id"]) if r["sent_at"]] or None
            ),
            "a sent reminder",
        )
    time.sleep(1)  # time for a duplicate to show up, if there were one
    texts = [call.text for call in clinic.system.bot_api.sent_messages(1002)]
    for appointment in appointments:
        assert len(clinic.reminders(appointment["id"])) == 1
        assert sum(appointment["room_url"] in text for text in texts) == 1
