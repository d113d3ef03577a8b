"""The data-api client of the clinic, against a scripted data-api over real HTTP."""

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from healthcare_telemedicine_api.core.request_id import request_id_var
from healthcare_telemedicine_api.domain.clinic import (
    Appointment,
    AppointmentEvent,
    NotFoundError,
    Patient,
)
from healthcare_telemedicine_api.domain.errors import (
    ConflictError,
    DataSourceError,
    DataSourceTimeoutError,
    DataSourceUnavailableError,
    RejectedError,
)
from healthcare_telemedicine_api.infrastructure.appointment_events import appointment_envelope
from healthcare_telemedicine_api.infrastructure.clinic_store import DataApiClinicStore
from healthcare_telemedicine_api.infrastructure.rooms import LinkRooms

STARTS = datetime(2030, 1, 7, 9, tzinfo=UTC)
APPOINTMENT = {
    "id": 5,
    "slot_id": 3,
    "patient_id": 2,
    "doctor_id": 1,
    "starts_at": STARTS.isoformat(),
    "room_url": "https://rooms.test/r/x",
    "status": "booked",
    "created_at": STARTS.isoformat(),
}
SLOT = {
    "id": 3,
    "doctor_id": 1,
    "starts_at": STARTS.isoformat(),
    "ends_at": STARTS.isoformat(),
    "status": "open",
}
PATIENT = {"id": 2, "name": "Ann", "telegram_chat_id": 42, "created_at": STARTS.isoformat()}
RECORD = {"id": 1, "patient_id": 2, "doctor_id": 1, "note": "ok", "created_at": STARTS.isoformat()}


class ScriptedDataApi:
    """Answers each request with the next scripted (status, body); records the requests."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, Any]] = []
        self.requests: list[tuple[str, str, Any, dict[str, str]]] = []

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else None
        self.requests.append((request.method, request.path_qs, body, dict(request.headers)))
        status, answer = self.answers.pop(0)
        return web.Response(status=status, text=json.dumps(answer), content_type="application/json")


@pytest.fixture
async def data_api() -> AsyncIterator[tuple[ScriptedDataApi, str]]:
    scripted = ScriptedDataApi()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", scripted.handle)
    async with TestServer(app, host="127.0.0.1") as server:
        yield scripted, str(server.make_url(""))


@pytest.fixture
async def store(data_api: tuple[ScriptedDataApi, str]) -> AsyncIterator[DataApiClinicStore]:
    timeout = aiohttp.ClientTimeout(total=2)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        yield DataApiClinicStore(session, data_api[1], attempts=2)


async def test_each_call_speaks_the_contract(
    store: DataApiClinicStore, data_api: tuple[ScriptedDataApi, str]
) -> None:
    scripted, _ = data_api
    scripted.answers = [
        (201, PATIENT),
        (200, PATIENT),
        (201, SLOT),
        (200, {"items": [SLOT]}),
        (201, APPOINTMENT),
        (200, APPOINTMENT),
        (200, {"items": [APPOINTMENT]}),
        (200, {**APPOINTMENT, "status": "cancelled"}),
        (201, RECORD),
        (200, {"items": [RECORD]}),
    ]
    token = request_id_var.set("req-1")
    try:
        assert await store.register_patient("Ann", 42) == Patient(2, "Ann", 42)
        assert (await store.patient(2)).name == "Ann"
        assert (await store.open_slot(1, STARTS, STARTS)).id == 3
        assert [slot.id for slot in await store.slots(1, "open")] == [3]
        booked = await store.book(3, 2, "https://rooms.test/r/x")
        assert booked == await store.appointment(5)
        assert await store.appointments(patient_id=2, doctor_id=1) == [booked]
        assert (await store.cancel(5)).status == "cancelled"
        assert (await store.add_record(2, 1, "ok")).note == "ok"
        assert [record.id for record in await store.records(2)] == [1]
    finally:
        request_id_var.reset(token)
    calls = [(method, path, body) for method, path, body, _ in scripted.requests]
    assert calls == [
        ("POST", "/api/v1/patients", {"name": "Ann", "telegram_chat_id": 42}),
        ("GET", "/api/v1/patients/2", None),
        (
            "POST",
            "/api/v1/doctors/1/slots",
            {"starts_at": STARTS.isoformat(), "ends_at": STARTS.isoformat()},
        ),
        ("GET", "/api/v1/slots?doctor_id=1&status=open", None),
        (
            "POST",
            "/api/v1/appointments",
            {"slot_id": 3, "patient_id": 2, "room_url": "https://rooms.test/r/x"},
        ),
        ("GET", "/api/v1/appointments/5", None),
        ("GET", "/api/v1/appointments?patient_id=2&doctor_id=1", None),
        ("POST", "/api/v1/appointments/5/cancel", None),
        ("POST", "/api/v1/patients/2/records", {"doctor_id": 1, "note": "ok"}),
        ("GET", "/api/v1/patients/2/records", None),
    ]
    assert {headers["X-Request-ID"] for *_, headers in scripted.requests} == {"req-1"}


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (404, {"detail": "Slot 3 not found"}, NotFoundError),
        (409, {"detail": "Slot 3 is already booked"}, ConflictError),
        (422, {"detail": "bad", "errors": []}, RejectedError),
        (400, {}, DataSourceError),
        (201, {"id": "not a number"}, DataSourceError),
        (500, {}, DataSourceUnavailableError),
        (429, {}, DataSourceUnavailableError),
    ],
)
async def test_answers_outside_success_become_domain_errors(
    store: DataApiClinicStore,
    data_api: tuple[ScriptedDataApi, str],
    status: int,
    body: Any,
    error: type[Exception],
) -> None:
    data_api[0].answers = [(status, body)]

    with pytest.raises(error):
        await store.book(3, 2, "https://rooms.test/r/x")


async def test_a_conflict_keeps_the_data_apis_reason(
    store: DataApiClinicStore, data_api: tuple[ScriptedDataApi, str]
) -> None:
    data_api[0].answers = [(409, {"detail": "Slot 3 is already booked"})]

    with pytest.raises(ConflictError, match="already booked"):
        await store.book(3, 2, "https://rooms.test/r/x")


async def test_reads_are_retried_once_on_a_503(
    store: DataApiClinicStore, data_api: tuple[ScriptedDataApi, str]
) -> None:
    data_api[0].answers = [(503, {}), (200, {"items": []})]

    assert await store.slots(None, None) == []
    assert len(data_api[0].requests) == 2


async def test_a_malformed_list_is_a_data_source_error(
    store: DataApiClinicStore, data_api: tuple[ScriptedDataApi, str]
) -> None:
    data_api[0].answers = [(200, {"items": [{"id": "x"}]})]

    with pytest.raises(DataSourceError):
        await store.slots(None, None)


async def test_an_unreachable_data_api_is_unavailable() -> None:
    async with aiohttp.ClientSession() as session:
        store = DataApiClinicStore(session, "http://127.0.0.1:9", attempts=1)
        with pytest.raises(DataSourceUnavailableError):
            await store.slots(None, None)


async def test_a_slow_data_api_is_a_timeout(data_api: tuple[ScriptedDataApi, str]) -> None:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=1e-9)) as session:
        store = DataApiClinicStore(session, data_api[1])
        with pytest.raises(DataSourceTimeoutError):
            await store.patient(2)


def test_the_envelope_names_the_appointment_and_the_patient_to_notify() -> None:
    appointment = Appointment(5, 3, 2, 1, STARTS, "https://rooms.test/r/x", "booked")
    event = AppointmentEvent("booked", appointment, Patient(2, "Ann", 42))

    first, again = appointment_envelope(event), appointment_envelope(event)

    assert first["event_type"] == "appointment.booked"
    assert first["event_id"] == again["event_id"]
    assert first["payload"]["appointment"]["starts_at"] == STARTS.isoformat()
    assert first["payload"]["patient"] == {"id": 2, "name": "Ann", "telegram_chat_id": 42}
    cancelled = appointment_envelope(AppointmentEvent("cancelled", appointment, event.patient))
    assert cancelled["event_id"] != first["event_id"]
    rebooked = replace(appointment, room_url="https://rooms.test/r/y")
    other = appointment_envelope(AppointmentEvent("booked", rebooked, event.patient))
    assert other["event_id"] != first["event_id"], "the same id in another database"


def test_each_room_is_a_new_unguessable_link() -> None:
    rooms = LinkRooms("https://rooms.test/r/")

    first, second = rooms.create(), rooms.create()

    assert first.startswith("https://rooms.test/r/")
    assert first != second
    assert len(first.rsplit("/", 1)[1]) >= 20
