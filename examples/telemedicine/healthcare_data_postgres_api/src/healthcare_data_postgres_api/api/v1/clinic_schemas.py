"""Request and response bodies of the clinic's endpoints."""

from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from healthcare_data_postgres_api.api.v1.doctor_schemas import Instant, Name
from healthcare_data_postgres_api.domain.clinic import NOTE_MAX_LENGTH, ROOM_URL_MAX_LENGTH
from healthcare_data_postgres_api.domain.doctor import MAX_ID

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)
_OUT = ConfigDict(from_attributes=True)

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
ChatId = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
Note = Annotated[str, Field(min_length=1, max_length=NOTE_MAX_LENGTH, pattern=r"^[^\x00]*$")]
RoomUrl = Annotated[str, Field(pattern=r"^https://\S+$", max_length=ROOM_URL_MAX_LENGTH)]
EventId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$")]


class PatientCreate(BaseModel):
    model_config = _STRICT

    name: Name
    telegram_chat_id: ChatId | None = None


class PatientOut(BaseModel):
    model_config = _OUT

    id: int
    name: str
    telegram_chat_id: int | None
    created_at: datetime


class SlotCreate(BaseModel):
    model_config = _STRICT

    starts_at: Instant
    ends_at: Instant

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class SlotOut(BaseModel):
    model_config = _OUT

    id: int
    doctor_id: int
    starts_at: datetime
    ends_at: datetime
    status: Literal["open", "booked"]


class AppointmentCreate(BaseModel):
    model_config = _STRICT

    slot_id: Id
    patient_id: Id
    room_url: RoomUrl


class AppointmentOut(BaseModel):
    model_config = _OUT

    id: int
    slot_id: int
    patient_id: int
    doctor_id: int
    starts_at: datetime
    room_url: str
    status: Literal["booked", "cancelled"]
    created_at: datetime


class RecordCreate(BaseModel):
    model_config = _STRICT

    doctor_id: Id
    note: Note


class RecordOut(BaseModel):
    model_config = _OUT

    id: int
    patient_id: int
    doctor_id: int
    note: str
    created_at: datetime


class ReminderCreate(BaseModel):
    model_config = _STRICT

    event_id: EventId
    appointment_id: Id
    message: Note


class ReminderOut(BaseModel):
    model_config = _OUT

    id: int
    event_id: str
    appointment_id: int
    message: str
    sent_at: datetime | None
    created_at: datetime


class Items[T](BaseModel):
    items: list[T]
