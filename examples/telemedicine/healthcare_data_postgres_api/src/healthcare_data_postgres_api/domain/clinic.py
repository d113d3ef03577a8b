"""The clinic: patients, doctors' slots, appointments booking them, medical records and the
reminders sent for appointments. Doctors are the ``doctor`` aggregate (``doctor.py``)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from healthcare_data_postgres_api.domain.errors import NotFoundError

SlotStatus = Literal["open", "booked"]
AppointmentStatus = Literal["booked", "cancelled"]
NOTE_MAX_LENGTH = 10_000
ROOM_URL_MAX_LENGTH = 500


@dataclass(frozen=True, slots=True)
class Patient:
    id: int
    name: str
    telegram_chat_id: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Slot:
    id: int
    doctor_id: int
    starts_at: datetime
    ends_at: datetime
    status: SlotStatus


@dataclass(frozen=True, slots=True)
class Appointment:
    id: int
    slot_id: int
    patient_id: int
    doctor_id: int
    starts_at: datetime
    room_url: str
    status: AppointmentStatus
    created_at: datetime


@dataclass(frozen=True, slots=True)
class MedicalRecord:
    id: int
    patient_id: int
    doctor_id: int
    note: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Reminder:
    id: int
    event_id: str
    appointment_id: int
    message: str
    sent_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AppointmentFilter:
    patient_id: int | None = None
    doctor_id: int | None = None
    status: AppointmentStatus | None = None


class ConflictError(Exception):
    """The request contradicts the current state (409)."""


class SlotTakenError(ConflictError):
    def __init__(self, slot_id: int) -> None:
        super().__init__(f"Slot {slot_id} is already booked; choose another open slot")


class SlotExistsError(ConflictError):
    def __init__(self, doctor_id: int, starts_at: datetime) -> None:
        super().__init__(f"Doctor {doctor_id} already has a slot at {starts_at.isoformat()}")


class AppointmentNotBookedError(ConflictError):
    def __init__(self, appointment_id: int) -> None:
        super().__init__(f"Appointment {appointment_id} is already cancelled")


class EntityNotFoundError(NotFoundError):
    def __init__(self, entity: str, entity_id: int) -> None:
        super().__init__(f"{entity.capitalize()} {entity_id} not found")
