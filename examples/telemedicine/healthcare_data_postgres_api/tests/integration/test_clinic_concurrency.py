"""Double booking, settled by PostgreSQL: many patients race for one slot."""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import asyncpg
import pytest
from httpx import AsyncClient

from ..helpers import app_on, serve
from .conftest import plain

pytestmark = pytest.mark.integration

CONCURRENCY = 50


@pytest.fixture
async def client(postgresql_url: str) -> AsyncIterator[AsyncClient]:
    app = app_on(
        postgresql_url,
        database_pool_max_size=CONCURRENCY,
        database_pool_timeout_seconds=60,
        database_statement_timeout_seconds=60,
    )
    async with serve(app) as client:
        yield client


async def test_fifty_concurrent_bookings_of_one_slot_book_it_once(
    client: AsyncClient, postgresql_url: str
) -> None:
    doctor = (await client.post("/api/v1/doctors", json={"name": "Dr Grey"})).json()
    slot = (
        await client.post(
            f"/api/v1/doctors/{doctor['id']}/slots",
            json={"starts_at": "2030-01-07T09:00:00Z", "ends_at": "2030-01-07T09:30:00Z"},
        )
    ).json()
    patients = [
        (await client.post("/api/v1/patients", json={"name": f"P{i}"})).json()["id"]
        for i in range(CONCURRENCY)
    ]

    answers = await asyncio.gather(
        *(
            client.post(
                "/api/v1/appointments",
                json={"slot_id": slot["id"], "patient_id": patient, "room_url": "https://r/1"},
            )
            for patient in patients
        )
    )

    assert Counter(answer.status_code for answer in answers) == {201: 1, 409: CONCURRENCY - 1}
    assert await booked_rows(postgresql_url, slot["id"]) == 1


async def test_the_database_refuses_a_second_booked_row(postgresql_url: str) -> None:
    """The partial unique index holds even for writes that bypass the service."""

    connection = await asyncpg.connect(plain(postgresql_url))
    try:
        await connection.execute(
            "INSERT INTO doctors (name) VALUES ('D');"
            "INSERT INTO patients (name) VALUES ('P');"
            "INSERT INTO slots (doctor_id, starts_at, ends_at) VALUES (1, now(), now() + '1h');"
        )
        insert = (
            "INSERT INTO appointments (slot_id, patient_id, doctor_id, starts_at, room_url)"
            " VALUES (1, 1, 1, now(), 'https://r')"
        )
        await connection.execute(insert)
        with pytest.raises(asyncpg.UniqueViolationError):
            await connection.execute(insert)
    finally:
        await connection.close()


async def booked_rows(url: str, slot_id: int) -> int:

    connection = await asyncpg.connect(plain(url))
    try:
        return int(
            await connection.fetchval(
                "SELECT count(*) FROM appointments WHERE slot_id = $1 AND status = 'booked'",
                slot_id,
            )
        )
    finally:
        await connection.close()
