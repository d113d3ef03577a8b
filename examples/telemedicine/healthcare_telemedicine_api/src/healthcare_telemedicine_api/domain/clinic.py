"""The clinic as the business service sees it: who calls, what they may see and do.

Callers are identified by the gateway (``X-User-Role`` and ``X-User-ID``, see the README):
a patient or a doctor, by id. A patient books and cancels their own appointments and reads
their own medical records; a doctor opens their own slots and reads and writes the records
of patients they have an appointment with.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from healthcare_telemedicine_api.domain.errors import DomainError

Role = Literal["patient", "doctor"]
AppointmentEventKind = Literal["booked", "cancelled"]


@dataclass(frozen=True, slots=True)
class Caller:
    role: Role
    id: int


@dataclass(frozen=True, slots=True)
class Patient:
    id: int
    name: str
    telegram_chat_id: int | None


@dataclass(frozen=True, slots=True)
class Slot:
    id: int
    doctor_id: int
    starts_at: datetime
    ends_at: datetime
    status: Literal["open", "booked"]


@dataclass(frozen=True, slots=True)
class Appointment:
    id: int
    slot_id: int
    patient_id: int
    doctor_id: int
    starts_at: datetime
    room_url: str
    status: Literal["booked", "cancelled"]


@dataclass(frozen=True, slots=True)
class MedicalRecord:
    id: int
    patient_id: int
    doctor_id: int
    note: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AppointmentEvent:
    """``appointment.booked`` or ``appointment.cancelled``, with the patient to notify."""

    kind: AppointmentEventKind
    appointment: Appointment
    patient: Patient

    @property
    def event_type(self) -> str:
        return f"appointment.{self.kind}"


class NotFoundError(DomainError):
    def __init__(self, entity: str, entity_id: int) -> None:
        super().__init__(f"{entity.capitalize()} {entity_id} not found")


class ForbiddenError(DomainError):
    """The caller is known but may not do this."""


class ClinicStore(Protocol):
    """The data-api's clinic endpoints. Raises ``NotFoundError``, ``ConflictError`` (a slot
    already booked, an appointment already cancelled) and the data-source errors."""

    async def register_patient(self, name: str, telegram_chat_id: int | None) -> Patient: ...

    async def patient(self, patient_id: int) -> Patient: ...

    async def open_slot(self, doctor_id: int, starts_at: datetime, ends_at: datetime) -> Slot: ...

    async def slots(self, doctor_id: int | None, status: str | None) -> list[Slot]: ...

    async def book(self, slot_id: int, patient_id: int, room_url: str) -> Appointment: ...

    async def appointment(self, appointment_id: int) -> Appointment: ...

    async def appointments(
        self, *, patient_id: int | None = None, doctor_id: int | None = None
    ) -> list[Appointment]: ...

    async def cancel(self, appointment_id: int) -> Appointment: ...

    async def add_record(self, patient_id: int, doctor_id: int, note: str) -> MedicalRecord: ...

    async def records(self, patient_id: int) -> list[MedicalRecord]: ...


class Rooms(Protocol):
    """Creates the video consultation room of an appointment."""

    def create(self) -> str: ...


class AppointmentEvents(Protocol):
    async def publish(self, event: AppointmentEvent) -> None: ...
