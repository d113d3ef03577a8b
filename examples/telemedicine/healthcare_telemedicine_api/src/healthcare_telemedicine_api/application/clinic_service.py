"""Use cases of the clinic: the rules about who may do what, then the data-api's work."""

from datetime import datetime

import structlog

from healthcare_telemedicine_api.domain.clinic import (
    Appointment,
    AppointmentEvent,
    AppointmentEvents,
    Caller,
    ClinicStore,
    ForbiddenError,
    MedicalRecord,
    Patient,
    Rooms,
    Slot,
)

logger = structlog.get_logger(__name__)


class ClinicService:
    def __init__(self, store: ClinicStore, rooms: Rooms, events: AppointmentEvents) -> None:
        self._store = store
        self._rooms = rooms
        self._events = events

    async def register_patient(self, name: str, telegram_chat_id: int | None) -> Patient:
        """A new patient, or the one already registered with this Telegram chat."""
        return await self._store.register_patient(name, telegram_chat_id)

    async def open_slot(
        self, caller: Caller, doctor_id: int, starts_at: datetime, ends_at: datetime
    ) -> Slot:
        if caller != Caller("doctor", doctor_id):
            raise ForbiddenError("Only the doctor opens their own slots")
        return await self._store.open_slot(doctor_id, starts_at, ends_at)

    async def open_slots(self, doctor_id: int | None) -> list[Slot]:
        return await self._store.slots(doctor_id, "open")

    async def book(self, caller: Caller, slot_id: int) -> Appointment:
        """Book an open slot for the calling patient, with a consultation room, and announce
        ``appointment.booked``."""
        if caller.role != "patient":
            raise ForbiddenError("Only a patient books an appointment")
        patient = await self._store.patient(caller.id)
        appointment = await self._store.book(slot_id, patient.id, self._rooms.create())
        await self._events.publish(AppointmentEvent("booked", appointment, patient))
        logger.info("appointment.booked", appointment_id=appointment.id, slot_id=slot_id)
        return appointment

    async def appointments(self, caller: Caller) -> list[Appointment]:
        """The caller's own appointments."""
        if caller.role == "patient":
            return await self._store.appointments(patient_id=caller.id)
        return await self._store.appointments(doctor_id=caller.id)

    async def cancel(self, caller: Caller, appointment_id: int) -> Appointment:
        """Cancel an appointment of the caller (its patient or its doctor)."""
        appointment = await self._store.appointment(appointment_id)
        if caller not in _parties(appointment):
            raise ForbiddenError("Only the appointment's patient or doctor cancels it")
        cancelled = await self._store.cancel(appointment_id)
        patient = await self._store.patient(cancelled.patient_id)
        await self._events.publish(AppointmentEvent("cancelled", cancelled, patient))
        logger.info("appointment.cancelled", appointment_id=appointment_id)
        return cancelled

    async def add_record(self, caller: Caller, patient_id: int, note: str) -> MedicalRecord:
        await self._authorize_records(caller, patient_id, writing=True)
        return await self._store.add_record(patient_id, caller.id, note)

    async def records(self, caller: Caller, patient_id: int) -> list[MedicalRecord]:
        """A patient's records: for the patient and for the doctors they have appointments
        with; ``ForbiddenError`` for anyone else."""
        await self._authorize_records(caller, patient_id, writing=False)
        return await self._store.records(patient_id)

    async def _authorize_records(self, caller: Caller, patient_id: int, *, writing: bool) -> None:
        if caller == Caller("patient", patient_id) and not writing:
            return
        if caller.role == "doctor":
            theirs = await self._store.appointments(patient_id=patient_id, doctor_id=caller.id)
            if theirs:
                return
        raise ForbiddenError("Medical records are only for the patient and their doctors")


def _parties(appointment: Appointment) -> tuple[Caller, Caller]:
    return Caller("patient", appointment.patient_id), Caller("doctor", appointment.doctor_id)
