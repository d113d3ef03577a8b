"""The clinic's endpoints on SQLite and PostgreSQL: patients, slots, booking, records,
reminders."""

from typing import Any

import pytest
from httpx import AsyncClient

STARTS = "2030-01-07T09:00:00+00:00"
ENDS = "2030-01-07T09:30:00+00:00"
ROOM = "https://rooms.example.com/r/abc"


async def doctor(client: AsyncClient) -> int:
    response = await client.post("/api/v1/doctors", json={"name": "Dr House"})
    return int(response.json()["id"])


async def patient(client: AsyncClient, chat: int | None = None, name: str = "Ann") -> int:
    response = await client.post("/api/v1/patients", json={"name": name, "telegram_chat_id": chat})
    assert response.status_code in (200, 201)
    return int(response.json()["id"])


async def slot(client: AsyncClient, doctor_id: int, starts: str = STARTS) -> dict[str, Any]:
    ends = starts.replace("T09:00", "T09:30")
    response = await client.post(
        f"/api/v1/doctors/{doctor_id}/slots", json={"starts_at": starts, "ends_at": ends}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def book(client: AsyncClient, slot_id: int, patient_id: int) -> Any:
    body = {"slot_id": slot_id, "patient_id": patient_id, "room_url": ROOM}
    return await client.post("/api/v1/appointments", json=body)


async def test_a_patient_registers_once_per_telegram_chat(client: AsyncClient) -> None:
    first = await client.post("/api/v1/patients", json={"name": "Ann", "telegram_chat_id": 42})
    again = await client.post("/api/v1/patients", json={"name": "Ann B", "telegram_chat_id": 42})

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    read = await client.get(f"/api/v1/patients/{first.json()['id']}")
    assert read.json() == first.json()
    assert (await client.get("/api/v1/patients/999")).status_code == 404


async def test_patients_without_a_chat_are_all_new(client: AsyncClient) -> None:
    assert await patient(client) != await patient(client)


async def test_a_doctor_opens_slots_and_they_are_listed(client: AsyncClient) -> None:
    doctor_id = await doctor(client)
    opened = await slot(client, doctor_id)
    later = await slot(client, doctor_id, "2030-01-08T09:00:00+00:00")

    listed = await client.get("/api/v1/slots", params={"doctor_id": doctor_id, "status": "open"})

    assert [item["id"] for item in listed.json()["items"]] == [opened["id"], later["id"]]
    assert opened["status"] == "open"
    assert (await client.get(f"/api/v1/slots/{opened['id']}")).json() == opened


async def test_slot_problems(client: AsyncClient) -> None:
    doctor_id = await doctor(client)
    await slot(client, doctor_id)
    body = {"starts_at": STARTS, "ends_at": ENDS}

    twice = await client.post(f"/api/v1/doctors/{doctor_id}/slots", json=body)
    backwards = await client.post(
        f"/api/v1/doctors/{doctor_id}/slots", json={"starts_at": ENDS, "ends_at": STARTS}
    )
    no_doctor = await client.post("/api/v1/doctors/999/slots", json=body)

    assert twice.status_code == 409
    assert twice.headers["content-type"] == "application/problem+json"
    assert backwards.status_code == 422
    assert no_doctor.status_code == 404
    assert (await client.get("/api/v1/slots/999")).status_code == 404


async def test_booking_takes_the_slot_and_cancelling_frees_it(client: AsyncClient) -> None:
    doctor_id, patient_id = await doctor(client), await patient(client)
    opened = await slot(client, doctor_id)

    booked = await book(client, opened["id"], patient_id)
    again = await book(client, opened["id"], await patient(client))

    assert booked.status_code == 201
    appointment = booked.json()
    assert appointment["room_url"] == ROOM
    assert (appointment["doctor_id"], appointment["starts_at"]) == (doctor_id, opened["starts_at"])
    assert again.status_code == 409
    assert "already booked" in again.json()["detail"]
    assert (await client.get(f"/api/v1/slots/{opened['id']}")).json()["status"] == "booked"
    mine = await client.get("/api/v1/appointments", params={"patient_id": patient_id})
    assert mine.json()["items"] == [appointment]

    cancelled = await client.post(f"/api/v1/appointments/{appointment['id']}/cancel")
    twice = await client.post(f"/api/v1/appointments/{appointment['id']}/cancel")

    assert cancelled.json()["status"] == "cancelled"
    assert twice.status_code == 409
    assert (await client.get(f"/api/v1/slots/{opened['id']}")).json()["status"] == "open"
    assert (await book(client, opened["id"], patient_id)).status_code == 201
    booked_only = await client.get(
        "/api/v1/appointments", params={"doctor_id": doctor_id, "status": "booked"}
    )
    assert len(booked_only.json()["items"]) == 1


async def test_booking_problems(client: AsyncClient) -> None:
    doctor_id, patient_id = await doctor(client), await patient(client)
    opened = await slot(client, doctor_id)

    assert (await book(client, 999, patient_id)).status_code == 404
    assert (await book(client, opened["id"], 999)).status_code == 404
    plain_http = {"slot_id": opened["id"], "patient_id": patient_id, "room_url": "http://x"}
    assert (await client.post("/api/v1/appointments", json=plain_http)).status_code == 422
    assert (await client.get("/api/v1/appointments/999")).status_code == 404
    assert (await client.post("/api/v1/appointments/999/cancel")).status_code == 404


async def test_medical_records_of_a_patient(client: AsyncClient) -> None:
    doctor_id, patient_id = await doctor(client), await patient(client)

    added = await client.post(
        f"/api/v1/patients/{patient_id}/records", json={"doctor_id": doctor_id, "note": "Fine"}
    )
    listed = await client.get(f"/api/v1/patients/{patient_id}/records")

    assert added.status_code == 201
    assert listed.json()["items"] == [added.json()]
    unknown_doctor = {"doctor_id": 999, "note": "x"}
    assert (
        await client.post(f"/api/v1/patients/{patient_id}/records", json=unknown_doctor)
    ).status_code == 404
    assert (await client.get("/api/v1/patients/999/records")).status_code == 404
    no_patient = await client.post(
        "/api/v1/patients/999/records", json={"doctor_id": doctor_id, "note": "x"}
    )
    assert no_patient.status_code == 404


async def test_one_reminder_per_event(client: AsyncClient) -> None:
    doctor_id, patient_id = await doctor(client), await patient(client)
    appointment = (await book(client, (await slot(client, doctor_id))["id"], patient_id)).json()
    body = {"event_id": "evt-1", "appointment_id": appointment["id"], "message": "See you"}

    first = await client.post("/api/v1/reminders", json=body)
    again = await client.post("/api/v1/reminders", json={**body, "message": "Other"})
    sent = await client.post(f"/api/v1/reminders/{first.json()['id']}/sent")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert first.json()["sent_at"] is None
    assert sent.json()["sent_at"] is not None
    listed = await client.get("/api/v1/reminders", params={"appointment_id": appointment["id"]})
    assert listed.json()["items"] == [sent.json()]
    assert (await client.post("/api/v1/reminders/999/sent")).status_code == 404
    orphan = {**body, "event_id": "evt-2", "appointment_id": 999}
    assert (await client.post("/api/v1/reminders", json=orphan)).status_code == 404


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/patients", {"name": ""}),
        ("/api/v1/patients", {"name": "x", "telegram_chat_id": "chat"}),
        ("/api/v1/appointments", {"slot_id": 0, "patient_id": 1, "room_url": ROOM}),
        ("/api/v1/reminders", {"event_id": "has space", "appointment_id": 1, "message": "x"}),
    ],
)
async def test_bad_bodies_are_422_problems(client: AsyncClient, path: str, body: Any) -> None:
    response = await client.post(path, json=body)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
