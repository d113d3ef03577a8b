"""The clinic's tables: SQLAlchemy Core statements on the transaction's ``Connection``."""

from datetime import datetime
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.dialects import postgresql, sqlite

from healthcare_data_postgres_api.domain.clinic import (
    Appointment,
    AppointmentFilter,
    MedicalRecord,
    Patient,
    Reminder,
    Slot,
    SlotStatus,
)
from healthcare_data_postgres_api.infrastructure.db.connection import Connection
from healthcare_data_postgres_api.infrastructure.db.models import (
    APPOINTMENTS,
    DOCTORS,
    MEDICAL_RECORDS,
    PATIENTS,
    REMINDERS,
    SLOTS,
    utcnow,
)

LIST_LIMIT = 100


class SqlClinicRepository:
    """Reads and writes in the connection's transaction; the connection's owner commits."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def _insert(self, table: Table) -> postgresql.Insert | sqlite.Insert:
        """An INSERT that can skip rows breaking a unique constraint (ON CONFLICT DO NOTHING)."""
        if self._connection.dialect == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    async def add_patient(self, name: str, telegram_chat_id: int | None) -> Patient | None:
        """The new patient; None when one already has this Telegram chat."""
        statement = (
            self._insert(PATIENTS)
            .values(name=name, telegram_chat_id=telegram_chat_id, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["telegram_chat_id"])
            .returning(*PATIENTS.c)
        )
        row = await self._connection.fetch_one(statement)
        return None if row is None else Patient(**row)

    async def get_patient(self, patient_id: int) -> Patient | None:
        row = await self._connection.fetch_one(
            select(*PATIENTS.c).where(PATIENTS.c.id == patient_id)
        )
        return None if row is None else Patient(**row)

    async def patient_by_chat(self, telegram_chat_id: int) -> Patient | None:
        statement = select(*PATIENTS.c).where(PATIENTS.c.telegram_chat_id == telegram_chat_id)
        row = await self._connection.fetch_one(statement)
        return None if row is None else Patient(**row)

    async def doctor_exists(self, doctor_id: int) -> bool:
        row = await self._connection.fetch_one(
            select(DOCTORS.c.id).where(DOCTORS.c.id == doctor_id)
        )
        return row is not None

    async def add_slot(self, doctor_id: int, starts_at: datetime, ends_at: datetime) -> Slot | None:
        """The new open slot; None when the doctor already has one starting then."""
        statement = (
            self._insert(SLOTS)
            .values(doctor_id=doctor_id, starts_at=starts_at, ends_at=ends_at, status="open")
            .on_conflict_do_nothing(index_elements=["doctor_id", "starts_at"])
            .returning(*SLOTS.c)
        )
        row = await self._connection.fetch_one(statement)
        return None if row is None else Slot(**row)

    async def get_slot(self, slot_id: int) -> Slot | None:
        row = await self._connection.fetch_one(select(*SLOTS.c).where(SLOTS.c.id == slot_id))
        return None if row is None else Slot(**row)

    async def find_slots(self, doctor_id: int | None, status: SlotStatus | None) -> list[Slot]:
        statement = select(*SLOTS.c)
        if doctor_id is not None:
            statement = statement.where(SLOTS.c.doctor_id == doctor_id)
        if status is not None:
            statement = statement.where(SLOTS.c.status == status)
        statement = statement.order_by(SLOTS.c.starts_at, SLOTS.c.id).limit(LIST_LIMIT)
        return [Slot(**row) for row in await self._connection.fetch(statement)]

    async def take_slot(self, slot_id: int) -> Slot | None:
        """Mark an open slot booked; None when it is not open. The UPDATE locks the row:
        a concurrent booking waits, then finds it booked."""
        statement = (
            update(SLOTS)
            .where(SLOTS.c.id == slot_id, SLOTS.c.status == "open")
            .values(status="booked")
            .returning(*SLOTS.c)
        )
        row = await self._connection.fetch_one(statement)
        return None if row is None else Slot(**row)

    async def release_slot(self, slot_id: int) -> None:
        await self._connection.fetch(
            update(SLOTS).where(SLOTS.c.id == slot_id).values(status="open").returning(SLOTS.c.id)
        )

    async def add_appointment(self, slot: Slot, patient_id: int, room_url: str) -> Appointment:
        values: dict[str, Any] = {
            "slot_id": slot.id,
            "patient_id": patient_id,
            "doctor_id": slot.doctor_id,
            "starts_at": slot.starts_at,
            "room_url": room_url,
            "status": "booked",
            "created_at": utcnow(),
        }
        statement = self._insert(APPOINTMENTS).values(values).returning(*APPOINTMENTS.c)
        [row] = await self._connection.fetch(statement)
        return Appointment(**row)

    async def get_appointment(self, appointment_id: int) -> Appointment | None:
        statement = select(*APPOINTMENTS.c).where(APPOINTMENTS.c.id == appointment_id)
        row = await self._connection.fetch_one(statement)
        return None if row is None else Appointment(**row)

    async def find_appointments(self, where: AppointmentFilter) -> list[Appointment]:
        statement = select(*APPOINTMENTS.c)
        if where.patient_id is not None:
            statement = statement.where(APPOINTMENTS.c.patient_id == where.patient_id)
        if where.doctor_id is not None:
            statement = statement.where(APPOINTMENTS.c.doctor_id == where.doctor_id)
        if where.status is not None:
            statement = statement.where(APPOINTMENTS.c.status == where.status)
        statement = statement.order_by(APPOINTMENTS.c.starts_at, APPOINTMENTS.c.id)
        rows = await self._connection.fetch(statement.limit(LIST_LIMIT))
        return [Appointment(**row) for row in rows]

    async def cancel_appointment(self, appointment_id: int) -> Appointment | None:
        """Cancel a booked appointment; None when it is not booked."""
        statement = (
            update(APPOINTMENTS)
            .where(APPOINTMENTS.c.id == appointment_id, APPOINTMENTS.c.status == "booked")
            .values(status="cancelled")
            .returning(*APPOINTMENTS.c)
        )
        row = await self._connection.fetch_one(statement)
        return None if row is None else Appointment(**row)

    async def add_record(self, patient_id: int, doctor_id: int, note: str) -> MedicalRecord:
        statement = (
            self._insert(MEDICAL_RECORDS)
            .values(patient_id=patient_id, doctor_id=doctor_id, note=note, created_at=utcnow())
            .returning(*MEDICAL_RECORDS.c)
        )
        [row] = await self._connection.fetch(statement)
        return MedicalRecord(**row)

    async def find_records(self, patient_id: int) -> list[MedicalRecord]:
        statement = (
            select(*MEDICAL_RECORDS.c)
            .where(MEDICAL_RECORDS.c.patient_id == patient_id)
            .order_by(MEDICAL_RECORDS.c.id)
            .limit(LIST_LIMIT)
        )
        return [MedicalRecord(**row) for row in await self._connection.fetch(statement)]

    async def add_reminder(
        self, event_id: str, appointment_id: int, message: str
    ) -> Reminder | None:
        """The new reminder; None when the event already has one."""
        statement = (
            self._insert(REMINDERS)
            .values(
                event_id=event_id,
                appointment_id=appointment_id,
                message=message,
                created_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["event_id"])
            .returning(*REMINDERS.c)
        )
        row = await self._connection.fetch_one(statement)
        return None if row is None else Reminder(**row)

    async def reminder_of_event(self, event_id: str) -> Reminder | None:
        statement = select(*REMINDERS.c).where(REMINDERS.c.event_id == event_id)
        row = await self._connection.fetch_one(statement)
        return None if row is None else Reminder(**row)

    async def get_reminder(self, reminder_id: int) -> Reminder | None:
        row = await self._connection.fetch_one(
            select(*REMINDERS.c).where(REMINDERS.c.id == reminder_id)
        )
        return None if row is None else Reminder(**row)

    async def find_reminders(self, appointment_id: int | None) -> list[Reminder]:
        statement = select(*REMINDERS.c)
        if appointment_id is not None:
            statement = statement.where(REMINDERS.c.appointment_id == appointment_id)
        rows = await self._connection.fetch(statement.order_by(REMINDERS.c.id).limit(LIST_LIMIT))
        return [Reminder(**row) for row in rows]

    async def mark_reminder_sent(self, reminder_id: int) -> Reminder | None:
        statement = (
            update(REMINDERS)
            .where(REMINDERS.c.id == reminder_id)
            .values(sent_at=utcnow())
            .returning(*REMINDERS.c)
        )
        row = await self._connection.fetch_one(statement)
        return None if row is None else Reminder(**row)
