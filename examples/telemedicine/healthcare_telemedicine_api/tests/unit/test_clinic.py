"""The clinic's endpoints and rules, in process, over in-memory ports."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from healthcare_telemedicine_api.application.clinic_service import ClinicService
from healthcare_telemedicine_api.core.settings import Settings
from healthcare_telemedicine_api.main import create_app

from ..clinic_fakes import FixedRooms, InMemoryClinicStore, RecordingAppointmentEvents

SLOT = {"starts_at": "2030-01-07T09:00:00Z", "ends_at": "2030-01-07T09:30:00Z"}
DOCTOR = {"X-User-Role": "doctor", "X-User-ID": "1"}
OTHER_DOCTOR = {"X-User-Role": "doctor", "X-User-ID": "2"}


def patient(patient_id: int) -> dict[str, str]:
    return {"X-User-Role": "patient", "X-User-ID": str(patient_id)}


@pytest.fixture
def store() -> InMemoryClinicStore:
    return InMemoryClinicStore()


@pytest.fixture
def events() -> RecordingAppointmentEvents:
    return RecordingAppointmentEvents()


@pytest.fixture
async def client(
    settings: Settings, store: InMemoryClinicStore, events: RecordingAppointmentEvents
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.model_copy(update={"rate_limit_enabled": False}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        app.state.clinic_service = ClinicService(store, FixedRooms(), events)
        yield client


async def register(client: httpx.AsyncClient, name: str, chat: int | None = None) -> int:
    response = await client.post("/api/v1/patients", json={"name": name, "telegram_chat_id": chat})
    assert response.status_code == 201
    return int(response.json()["id"])


async def open_slot(client: httpx.AsyncClient, body: dict[str, Any] = SLOT) -> int:
    response = await client.post("/api/v1/doctors/1/slots", json=body, headers=DOCTOR)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def test_a_patient_books_an_open_slot_with_a_room(
    client: httpx.AsyncClient, events: RecordingAppointmentEvents
) -> None:
    ann = await register(client, "Ann", chat=42)
    slot_id = await open_slot(client)

    listed = await client.get("/api/v1/slots", params={"doctor_id": 1})
    booked = await client.post(
        "/api/v1/appointments", json={"slot_id": slot_id}, headers=patient(ann)
    )

    assert [slot["id"] for slot in listed.json()["items"]] == [slot_id]
    assert booked.status_code == 201
    appointment = booked.json()
    assert appointment["room_url"] == "https://rooms.test/r/1"
    assert booked.headers["Location"] == f"/api/v1/appointments/{appointment['id']}"
    [event] = events.events
    assert (event.event_type, event.appointment.id, event.patient.telegram_chat_id) == (
        "appointment.booked",
        appointment["id"],
        42,
    )
    assert (await client.get("/api/v1/slots")).json()["items"] == []
    mine = await client.get("/api/v1/appointments", headers=patient(ann))
    assert mine.json()["items"] == [appointment]
    theirs = await client.get("/api/v1/appointments", headers=DOCTOR)
    assert theirs.json()["items"] == [appointment]


async def test_a_booked_slot_is_a_409(client: httpx.AsyncClient) -> None:
    ann, bob = await register(client, "Ann"), await register(client, "Bob")
    slot_id = await open_slot(client)
    await client.post("/api/v1/appointments", json={"slot_id": slot_id}, headers=patient(ann))

    again = await client.post(
        "/api/v1/appointments", json={"slot_id": slot_id}, headers=patient(bob)
    )

    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"


async def test_cancelling_frees_the_slot_and_announces_it(
    client: httpx.AsyncClient, events: RecordingAppointmentEvents
) -> None:
    ann, bob = await register(client, "Ann"), await register(client, "Bob")
    slot_id = await open_slot(client)
    booked = await client.post(
        "/api/v1/appointments", json={"slot_id": slot_id}, headers=patient(ann)
    )
    url = f"/api/v1/appointments/{booked.json()['id']}/cancel"

    by_stranger = await client.post(url, headers=patient(bob))
    cancelled = await client.post(url, headers=patient(ann))
    twice = await client.post(url, headers=DOCTOR)

    assert by_stranger.status_code == 403
    assert cancelled.json()["status"] == "cancelled"
    assert twice.status_code == 409
    assert [event.event_type for event in events.events] == [
        "appointment.booked",
        "appointment.cancelled",
    ]
    assert [slot["id"] for slot in (await client.get("/api/v1/slots")).json()["items"]] == [slot_id]
    assert (await client.post("/api/v1/appointments/99/cancel", headers=DOCTOR)).status_code == 404


async def test_records_are_for_the_patient_and_their_doctor_only(client: httpx.AsyncClient) -> None:
    ann, bob = await register(client, "Ann"), await register(client, "Bob")
    url = f"/api/v1/patients/{ann}/records"
    before = await client.post(url, json={"note": "Early"}, headers=DOCTOR)
    slot_id = await open_slot(client)
    await client.post("/api/v1/appointments", json={"slot_id": slot_id}, headers=patient(ann))

    added = await client.post(url, json={"note": "Healthy"}, headers=DOCTOR)
    by_patient = await client.get(url, headers=patient(ann))
    by_doctor = await client.get(url, headers=DOCTOR)

    assert before.status_code == 403
    assert added.status_code == 201
    assert by_patient.json()["items"] == [added.json()] == by_doctor.json()["items"]
    for stranger in (patient(bob), OTHER_DOCTOR):
        refused = await client.get(url, headers=stranger)
        assert refused.status_code == 403
        assert refused.headers["content-type"] == "application/problem+json"
    assert (await client.post(url, json={"note": "Mine"}, headers=patient(ann))).status_code == 403


async def test_only_the_doctor_opens_their_slots(client: httpx.AsyncClient) -> None:
    refused = await client.post("/api/v1/doctors/1/slots", json=SLOT, headers=OTHER_DOCTOR)
    by_patient = await client.post("/api/v1/doctors/1/slots", json=SLOT, headers=patient(1))
    unknown = await client.post(
        "/api/v1/doctors/9/slots", json=SLOT, headers={"X-User-Role": "doctor", "X-User-ID": "9"}
    )

    assert (refused.status_code, by_patient.status_code, unknown.status_code) == (403, 403, 404)


async def test_a_doctor_cannot_book(client: httpx.AsyncClient) -> None:
    slot_id = await open_slot(client)

    refused = await client.post("/api/v1/appointments", json={"slot_id": slot_id}, headers=DOCTOR)

    assert refused.status_code == 403


async def test_an_unknown_patient_cannot_book(client: httpx.AsyncClient) -> None:
    slot_id = await open_slot(client)

    refused = await client.post(
        "/api/v1/appointments", json={"slot_id": slot_id}, headers=patient(7)
    )

    assert refused.status_code == 404


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-User-Role": "patient"}, {"X-User-ID": "1"}],
)
async def test_an_anonymous_caller_gets_a_401(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await client.get("/api/v1/appointments", headers=headers)

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "headers",
    [{"X-User-Role": "admin", "X-User-ID": "1"}, {"X-User-Role": "patient", "X-User-ID": "x"}],
)
async def test_a_malformed_identity_is_a_422(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    assert (await client.get("/api/v1/appointments", headers=headers)).status_code == 422


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/patients", {"name": ""}),
        ("/api/v1/doctors/1/slots", {**SLOT, "ends_at": SLOT["starts_at"]}),
        ("/api/v1/doctors/1/slots", {"starts_at": "2030-01-07T09:00:00", "ends_at": "x"}),
        ("/api/v1/appointments", {"slot_id": 0}),
    ],
)
async def test_bad_bodies_are_422(client: httpx.AsyncClient, path: str, body: Any) -> None:
    response = await client.post(path, json=body, headers=DOCTOR)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
