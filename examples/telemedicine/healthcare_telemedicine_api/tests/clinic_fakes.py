"""In-memory implementations of the clinic's ports, for unit tests."""

from dataclasses import replace
from datetime import UTC, datetime

from healthcare_telemedicine_api.domain.clinic import (
    Appointment,
    AppointmentEvent,
    MedicalRecord,
    NotFoundError,
    Patient,
    Slot,
)
from healthcare_telemedicine_api.domain.errors import ConflictError


class InMemoryClinicStore:
    def __init__(self) -> None:
        self.patients: dict[int, Patient] = {}
        self.doctors: set[int] = {1, 2}
        self.slot_rows: dict[int, Slot] = {}
        self.appointment_rows: dict[int, Appointment] = {}
        self.records_by_id: dict[int, MedicalRecord] = {}

    async def register_patient(self, name: str, telegram_chat_id: int | None) -> Patient:
        for patient in self.patients.values():
            if telegram_chat_id is not None and patient.telegram_chat_id == telegram_chat_id:
                return patient
        patient = Patient(len(self.patients) + 1, name, telegram_chat_id)
        self.patients[patient.id] = patient
        return patient

    async def patient(self, patient_id: int) -> Patient:
        if patient_id not in self.patients:
            raise NotFoundError("patient", patient_id)
        return self.patients[patient_id]

    async def open_slot(self, doctor_id: int, starts_at: datetime, ends_at: datetime) -> Slot:
        if doctor_id not in self.doctors:
            raise NotFoundError("doctor", doctor_id)
        slot = Slot(len(self.slot_rows) + 1, doctor_id, starts_at, ends_at, "open")
        self.slot_rows[slot.id] = slot
        return slot

    async def slots(self, doctor_id: int | None, status: str | None) -> list[Slot]:
        return [
            slot
            for slot in self.slot_rows.values()
            if doctor_id in (None, slot.doctor_id) and status in (None, slot.status)
        ]

    async def book(self, slot_id: int, patient_id: int, room_url: str) -> Appointment:
        slot = self.slot_rows.get(slot_id)
        if slot is None:
            raise NotFoundError("slot", slot_id)
        if slot.status == "booked":
            raise ConflictError(f"Slot {slot_id} is already booked")
        self.slot_rows[slot_id] = replace(slot, status="booked")
        appointment = Appointment(
            len(self.appointment_rows) + 1,
            slot_id,
            patient_id,
            slot.doctor_id,
            slot.starts_at,
            room_url,
            "booked",
        )
        self.appointment_rows[appointment.id] = appointment
        return appointment

    async def appointment(self, appointment_id: int) -> Appointment:
        if appointment_id not in self.appointment_rows:
            raise NotFoundError("appointment", appointment_id)
        return self.appointment_rows[appointment_id]

    async def appointments(
        self, *, patient_id: int | None = None, doctor_id: int | None = None
    ) -> list[Appointment]:
        return [
            one
            for one in self.appointment_rows.values()
            if patient_id in (None, one.patient_id) and doctor_id in (None, one.doctor_id)
        ]

    async def cancel(self, appointment_id: int) -> Appointment:
        appointment = await self.appointment(appointment_id)
        if appointment.status == "cancelled":
            raise ConflictError(f"Appointment {appointment_id} is already cancelled")
        cancelled = replace(appointment, status="cancelled")
        self.appointment_rows[appointment_id] = cancelled
        self.slot_rows[appointment.slot_id] = replace(
            self.slot_rows[appointment.slot_id], status="open"
        )
        return cancelled

    async def add_record(self, patient_id: int, doctor_id: int, note: str) -> MedicalRecord:
        await self.patient(patient_id)
        record = MedicalRecord(
            len(self.records_by_id) + 1, patient_id, doctor_id, note, datetime.now(UTC)
        )
        self.records_by_id[record.id] = record
        return record

    async def records(self, patient_id: int) -> list[MedicalRecord]:
        await self.patient(patient_id)
        return [one for one in self.records_by_id.values() if one.patient_id == patient_id]


class FixedRooms:
    def __init__(self) -> None:
        self.created = 0

    def create(self) -> str:
        self.created += 1
        return f"https://rooms.test/r/{self.created}"


class RecordingAppointmentEvents:
    def __init__(self) -> None:
        self.events: list[AppointmentEvent] = []

    async def publish(self, event: AppointmentEvent) -> None:
        self.events.append(event)
