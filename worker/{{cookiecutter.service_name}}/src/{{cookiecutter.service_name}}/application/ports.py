"""What the application needs from the outside world, as interfaces."""

from collections.abc import Mapping
from enum import Enum
from typing import Any, Protocol


class PermanentError(Exception):
    """Retrying cannot help (an invalid message, data the data-api refuses): dead-letter now."""


class ResultStore(Protocol):
    """Where handlers write their results: the data-api."""

    async def create(self, body: Mapping[str, Any], *, idempotency_key: str) -> dict[str, Any]:
        """Create a record once per ``idempotency_key``; a replay returns the first answer."""
        ...


class Claim(Enum):
    """What an idempotency store says about an event about to be handled."""

    ACQUIRED = "acquired"  # nobody handled it: go ahead, then confirm or release
    DONE = "done"  # its effect already happened: acknowledge without running the handler
    BUSY = "busy"  # another delivery is handling it right now: try again later


class IdempotencyStore(Protocol):
    """Remembers which events were handled, so that a redelivery has its effect once."""

    async def claim(self, event_id: str) -> Claim:
        """Claim ``event_id`` for a short while, or say why it cannot be claimed."""
        ...

    async def confirm(self, event_id: str) -> None:
        """Record that the event's effect happened (kept for the retention period)."""
        ...

    async def release(self, event_id: str) -> None:
        """Give a claim back after a failure so that a retry can claim it again."""
        ...
