"""An appointment.booked payload, and in-memory reminders and messenger, for the tests."""

from collections.abc import Mapping
from typing import Any

# An ``appointment.booked`` payload as the business-api publishes it.
PAYLOAD: dict[str, Any] = {
    "appointment": {
        "id": 7,
        "slot_id": 3,
        "patient_id": 2,
        "doctor_id": 1,
        "starts_at": "2030-01-07T09:00:00+00:00",
        "room_url": "https://rooms.example.com/r/abc",
        "status": "booked",
    },
    "patient": {"id": 2, "name": "Ann", "telegram_chat_id": 1001},
}


class FakeReminders:
    """One reminder per event id, like the data-api, with ``sent_at`` set by ``mark_sent``."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.by_event: dict[str, dict[str, Any]] = {}

    async def create(self, body: Mapping[str, Any], *, idempotency_key: str) -> dict[str, Any]:
        if self.error is not None:
            raise self.error
        if idempotency_key not in self.by_event:
            self.by_event[idempotency_key] = {
                "id": len(self.by_event) + 1,
                **body,
                "sent_at": None,
            }
        return dict(self.by_event[idempotency_key])

    async def mark_sent(self, reminder_id: int) -> None:
        for reminder in self.by_event.values():
            if reminder["id"] == reminder_id:
                reminder["sent_at"] = "2030-01-01T00:00:00+00:00"


class FakeMessenger:
    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.sent: list[tuple[int, str]] = []

    async def send(self, chat_id: int, text: str) -> None:
        if self.error is not None:
            raise self.error
        self.sent.append((chat_id, text))
