"""Create the patients, slots, appointments, medical_records and reminders tables.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
BOOKED = sa.text("status = 'booked'")


def _id() -> sa.Column[int]:
    return sa.Column("id", ID, nullable=False)


def _reference(name: str, table: str) -> sa.Column[int]:
    return sa.Column(name, ID, sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False)


def _created_at() -> sa.Column[object]:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "patients",
        _id(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("telegram_chat_id", sa.BigInteger(), nullable=True),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patients")),
        sa.UniqueConstraint("telegram_chat_id", name=op.f("uq_patients_telegram_chat_id")),
    )
    op.create_table(
        "slots",
        _id(),
        _reference("doctor_id", "doctors"),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), server_default=sa.text("'open'"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slots")),
        sa.UniqueConstraint("doctor_id", "starts_at", name=op.f("uq_slots_doctor_id")),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_slots_ends_after_start")),
    )
    op.create_index(op.f("ix_slots_status"), "slots", ["status", "starts_at"])
    op.create_table(
        "appointments",
        _id(),
        _reference("slot_id", "slots"),
        _reference("patient_id", "patients"),
        _reference("doctor_id", "doctors"),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("room_url", sa.String(length=500), nullable=False),
        sa.Column(
            "status", sa.String(length=16), server_default=sa.text("'booked'"), nullable=False
        ),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
    )
    op.create_index(
        "uq_appointments_booked_slot",
        "appointments",
        ["slot_id"],
        unique=True,
        postgresql_where=BOOKED,
        sqlite_where=BOOKED,
    )
    op.create_index(op.f("ix_appointments_patient_id"), "appointments", ["patient_id", "id"])
    op.create_index(op.f("ix_appointments_doctor_id"), "appointments", ["doctor_id", "id"])
    op.create_table(
        "medical_records",
        _id(),
        _reference("patient_id", "patients"),
        _reference("doctor_id", "doctors"),
        sa.Column("note", sa.Text(), nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medical_records")),
    )
    op.create_index(op.f("ix_medical_records_patient_id"), "medical_records", ["patient_id", "id"])
    op.create_table(
        "reminders",
        _id(),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        _reference("appointment_id", "appointments"),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint("event_id", name=op.f("uq_reminders_event_id")),
    )
    op.create_index(op.f("ix_reminders_appointment_id"), "reminders", ["appointment_id"])


def downgrade() -> None:
    op.drop_table("reminders")
    op.drop_table("medical_records")
    op.drop_table("appointments")
    op.drop_index(op.f("ix_slots_status"), table_name="slots")
    op.drop_table("slots")
    op.drop_table("patients")
