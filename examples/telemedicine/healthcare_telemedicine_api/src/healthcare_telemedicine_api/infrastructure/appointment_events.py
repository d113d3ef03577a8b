"""``appointment.booked`` and ``appointment.cancelled`` on the context's exchange, in the
collection's event envelope."""

import uuid
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from healthcare_telemedicine_api.core.request_id import request_id_var
from healthcare_telemedicine_api.core.settings import SERVICE_NAME
from healthcare_telemedicine_api.domain.clinic import AppointmentEvent
from healthcare_telemedicine_api.infrastructure.events import ENVELOPE_VERSION
from healthcare_telemedicine_api.infrastructure.rabbitmq import RabbitMqPublisher


def appointment_envelope(event: AppointmentEvent) -> dict[str, Any]:
    """``event_id`` derives from what happened to which booking: each appointment is booked
    and cancelled at most once, so a repeated publish keeps its id. The room link, random
    per booking, keeps ids unique beyond one database (a restored or reset one reuses ids)."""
    booking = f"{event.appointment.id}/{event.appointment.room_url}"
    change = f"{SERVICE_NAME}/{event.event_type}/{booking}"
    appointment = asdict(event.appointment)
    appointment["starts_at"] = event.appointment.starts_at.isoformat()
    return {
        "event_id": str(uuid.uuid5(uuid.NAMESPACE_URL, change)),
        "event_type": event.event_type,
        "version": ENVELOPE_VERSION,
        "occurred_at": datetime.now(UTC).isoformat(),
        "producer": SERVICE_NAME,
        "request_id": request_id_var.get(),
        "payload": {
            "appointment": appointment,
            "patient": asdict(event.patient),
        },
    }


class RabbitMqAppointmentEvents:
    def __init__(self, publisher: RabbitMqPublisher) -> None:
        self._publisher = publisher

    async def publish(self, event: AppointmentEvent) -> None:
        await self._publisher.publish_envelope(appointment_envelope(event))
