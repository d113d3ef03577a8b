"""The reminder of a booked appointment: what the event says, and the message it becomes."""

from datetime import datetime

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field


class BookedPatient(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int = Field(ge=1)
    name: str
    telegram_chat_id: int | None = None


class BookedAppointment(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int = Field(ge=1)
    doctor_id: int = Field(ge=1)
    starts_at: datetime
    room_url: AnyHttpUrl


class AppointmentBooked(BaseModel):
    """The payload of ``appointment.booked`` (the fields the reminder needs)."""

    model_config = ConfigDict(frozen=True)

    appointment: BookedAppointment
    patient: BookedPatient

    def reminder_text(self) -> str:
        when = self.appointment.starts_at.strftime("%Y-%m-%d %H:%M %Z").strip()
        return (
            f"Hello {self.patient.name}, your consultation is booked for {when}. "
            f"Join the video room: {self.appointment.room_url}"
        )
