"""A booking through the API announces ``appointment.booked`` on the real RabbitMQ."""

import json
import uuid
from collections.abc import AsyncIterator

import aio_pika
import httpx
import pytest
from aio_pika.abc import AbstractQueue

from healthcare_telemedicine_api.application.clinic_service import ClinicService
from healthcare_telemedicine_api.core.settings import Settings
from healthcare_telemedicine_api.infrastructure.appointment_events import (
    RabbitMqAppointmentEvents,
)
from healthcare_telemedicine_api.infrastructure.rabbitmq import RabbitMqPublisher
from healthcare_telemedicine_api.main import create_app

from ..clinic_fakes import FixedRooms, InMemoryClinicStore

pytestmark = pytest.mark.integration

SLOT = {"starts_at": "2030-01-07T09:00:00Z", "ends_at": "2030-01-07T09:30:00Z"}


@pytest.fixture
def exchange() -> str:
    return f"test.{uuid.uuid4().hex}"


@pytest.fixture
async def queue(rabbitmq_url: str, exchange: str) -> AsyncIterator[AbstractQueue]:
    connection = await aio_pika.connect_robust(rabbitmq_url)
    channel = await connection.channel()
    declared = await channel.declare_exchange(exchange, aio_pika.ExchangeType.TOPIC, durable=True)
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(declared, routing_key="appointment.*")
    yield queue
    await declared.delete()
    await connection.close()


async def test_booking_and_cancelling_publish_their_events(
    live_settings: Settings, rabbitmq_url: str, exchange: str, queue: AbstractQueue
) -> None:
    app = create_app(live_settings.model_copy(update={"rabbitmq_exchange": exchange}))
    publisher = RabbitMqPublisher(rabbitmq_url, exchange, timeout_seconds=5)
    store = InMemoryClinicStore()
    patient = await store.register_patient("Ann", 42)
    async with app.router.lifespan_context(app):
        app.state.clinic_service = ClinicService(
            store, FixedRooms(), RabbitMqAppointmentEvents(publisher)
        )
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            doctor = {"X-User-Role": "doctor", "X-User-ID": "1"}
            slot = await client.post("/api/v1/doctors/1/slots", json=SLOT, headers=doctor)
            as_ann = {"X-User-Role": "patient", "X-User-ID": str(patient.id)}
            booked = await client.post(
                "/api/v1/appointments",
                json={"slot_id": slot.json()["id"]},
                headers={**as_ann, "X-Request-ID": "booking-1"},
            )
            url = f"/api/v1/appointments/{booked.json()['id']}/cancel"
            await client.post(url, headers=as_ann)
    await publisher.close()

    first, second = [await queue.get(timeout=5) for _ in range(2)]
    for message in (first, second):
        await message.ack()
    body = json.loads(first.body)
    assert (first.routing_key, second.routing_key) == (
        "appointment.booked",
        "appointment.cancelled",
    )
    assert first.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
    assert first.message_id == body["event_id"]
    assert first.headers["x-request-id"] == "booking-1"
    assert body["payload"]["appointment"]["room_url"] == booked.json()["room_url"]
    assert body["payload"]["patient"] == {"id": patient.id, "name": "Ann", "telegram_chat_id": 42}
