"""Use cases of the clinic, each in one database transaction."""

from dataclasses import dataclass
from datetime import datetime

import structlog

from healthcare_data_postgres_api.domain.clinic import (
    Appointment,
    AppointmentFilter,
    AppointmentNotBookedError,
    EntityNotFoundError,
    MedicalRecord,
    Patient,
    Reminder,
    Slot,
    SlotExistsError,
    SlotStatus,
    SlotTakenError,
)
from healthcare_data_postgres_api.domain.ports import Database

logger = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Stored[T]:
    """An entity and whether this call created it (False: it existed already)."""

    entity: T
    created: bool


class ClinicService:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def register_patient(self, name: str, telegram_chat_id: int | None) -> Stored[Patient]:
        """A new patient, or the one already registered with this Telegram chat."""
        async with self._database.transaction() as uow:
            patient = await uow.clinic.add_patient(name, telegram_chat_id)
            if patient is not None:
                logger.info("patient.registered", patient_id=patient.id)
                return Stored(patient, created=True)
            assert telegram_chat_id is not None  # only the chat id is unique
            existing = await uow.clinic.patient_by_chat(telegram_chat_id)
        if existing is None:  # pragma: no cover - deleted between the two statements
            raise EntityNotFoundError("patient", 0)
        return Stored(existing, created=False)

    async def patient(self, patient_id: int) -> Patient:
        async with self._database.transaction() as uow:
            patient = await uow.clinic.get_patient(patient_id)
        if patient is None:
            raise EntityNotFoundError("patient", patient_id)
        return patient

    async def open_slot(self, doctor_id: int, starts_at: datetime, ends_at: datetime) -> Slot:
        async with self._database.transaction() as uow:
            if not await uow.clinic.doctor_exists(doctor_id):
                raise EntityNotFoundError("doctor", doctor_id)
            slot = await uow.clinic.add_slot(doctor_id, starts_at, ends_at)
        if slot is None:
            raise SlotExistsError(doctor_id, starts_at)
        logger.info("slot.opened", slot_id=slot.id, doctor_id=doctor_id)
        return slot

    async def slot(self, slot_id: int) -> Slot:
        async with self._database.transaction() as uow:
            slot = await uow.clinic.get_slot(slot_id)
        if slot is None:
            raise EntityNotFoundError("slot", slot_id)
        return slot

    async def slots(self, doctor_id: int | None, status: SlotStatus | None) -> list[Slot]:
        async with self._database.transaction() as uow:
            return await uow.clinic.find_slots(doctor_id, status)

    async def book(self, slot_id: int, patient_id: int, room_url: str) -> Appointment:
        """Book an open slot: ``SlotTakenError`` when someone else has it, even concurrently."""
        async with self._database.transaction() as uow:
            if await uow.clinic.get_patient(patient_id) is None:
                raise EntityNotFoundError("patient", patient_id)
            slot = await uow.clinic.take_slot(slot_id)
            if slot is None:
                if await uow.clinic.get_slot(slot_id) is None:
                    raise EntityNotFoundError("slot", slot_id)
                raise SlotTakenError(slot_id)
            appointment = await uow.clinic.add_appointment(slot, patient_id, room_url)
        logger.info("appointment.booked", appointment_id=appointment.id, slot_id=slot_id)
        return appointment

    async def appointment(self, appointment_id: int) -> Appointment:
        async with self._database.transaction() as uow:
            appointment = await uow.clinic.get_appointment(appointment_id)
        if appointment is None:
            raise EntityNotFoundError("appointment", appointment_id)
        return appointment

    async def appointments(self, where: AppointmentFilter) -> list[Appointment]:
        async with self._database.transaction() as uow:
            return await uow.clinic.find_appointments(where)

    async def cancel(self, appointment_id: int) -> Appointment:
        """Cancel a booked appointment and open its slot again."""
        async with self._database.transaction() as uow:
            cancelled = await uow.clinic.cancel_appointment(appointment_id)
            if cancelled is None:
                if await uow.clinic.get_appointment(appointment_id) is None:
                    raise EntityNotFoundError("appointment", appointment_id)
                raise AppointmentNotBookedError(appointment_id)
            await uow.clinic.release_slot(cancelled.slot_id)
        logger.info("appointment.cancelled", appointment_id=appointment_id)
        return cancelled

    async def add_record(self, patient_id: int, doctor_id: int, note: str) -> MedicalRecord:
        async with self._database.transaction() as uow:
            if await uow.clinic.get_patient(patient_id) is None:
                raise EntityNotFoundError("patient", patient_id)
            if not await uow.clinic.doctor_exists(doctor_id):
                raise EntityNotFoundError("doctor", doctor_id)
            return await uow.clinic.add_record(patient_id, doctor_id, note)

    async def records(self, patient_id: int) -> list[MedicalRecord]:
        async with self._database.transaction() as uow:
            if await uow.clinic.get_patient(patient_id) is None:
                raise EntityNotFoundError("patient", patient_id)
            return await uow.clinic.find_records(patient_id)

    async def remind(self, event_id: str, appointment_id: int, message: str) -> Stored[Reminder]:
        """The reminder of an event, created once: a redelivered event gets the first one."""
        async with self._database.transaction() as uow:
            if await uow.clinic.get_appointment(appointment_id) is None:
                raise EntityNotFoundError("appointment", appointment_id)
            reminder = await uow.clinic.add_reminder(event_id, appointment_id, message)
            if reminder is not None:
                logger.info("reminder.created", reminder_id=reminder.id, event_id=event_id)
                return Stored(reminder, created=True)
            existing = await uow.clinic.reminder_of_event(event_id)
        if existing is None:  # pragma: no cover - deleted between the two statements
            raise EntityNotFoundError("reminder", 0)
        return Stored(existing, created=False)

    async def reminders(self, appointment_id: int | None) -> list[Reminder]:
        async with self._database.transaction() as uow:
            return await uow.clinic.find_reminders(appointment_id)

    async def mark_sent(self, reminder_id: int) -> Reminder:
        async with self._database.transaction() as uow:
            reminder = await uow.clinic.mark_reminder_sent(reminder_id)
        if reminder is None:
            raise EntityNotFoundError("reminder", reminder_id)
        return reminder
