"""Request and response bodies of the clinic's endpoints."""

from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from healthcare_telemedicine_api.domain.doctor import MAX_ID

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)
_OUT = ConfigDict(from_attributes=True)

Name = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00]*$")]
Note = Annotated[str, Field(min_length=1, max_length=10_000, pattern=r"^[^\x00]*$")]


class PatientCreate(BaseModel):
    model_config = _STRICT

    name: Name
    telegram_chat_id: int | None = Field(default=None, ge=-(2**63), le=2**63 - 1)


class PatientOut(BaseModel):
    model_config = _OUT

    id: int
    name: str
    telegram_chat_id: int | None


class SlotCreate(BaseModel):
    model_config = _STRICT

    starts_at: AwareDatetime
    ends_at: AwareDatetime

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


class SlotList(BaseModel):
    items: list[SlotOut]


class AppointmentCreate(BaseModel):
    model_config = _STRICT

    slot_id: int = Field(ge=1, le=MAX_ID)


class AppointmentOut(BaseModel):
    model_config = _OUT

    id: int
    slot_id: int
    patient_id: int
    doctor_id: int
    starts_at: datetime
    room_url: str = Field(description="The video consultation room")
    status: Literal["booked", "cancelled"]


class AppointmentList(BaseModel):
    items: list[AppointmentOut]


class RecordCreate(BaseModel):
    model_config = _STRICT

    note: Note


class RecordOut(BaseModel):
    model_config = _OUT

    id: int
    patient_id: int
    doctor_id: int
    note: str
    created_at: datetime


class RecordList(BaseModel):
    items: list[RecordOut]
