"""In-memory stand-ins for the ports, for tests that need no service."""

from collections.abc import Mapping
from typing import Any

from {{ cookiecutter.service_name }}.application.ports import Claim


class FakeResults:
    """A result store that keeps one record per idempotency key, like the data-api."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.records: dict[str, Mapping[str, Any]] = {}
        self.calls = 0

    async def create(self, body: Mapping[str, Any], *, idempotency_key: str) -> dict[str, Any]:
        self.calls += 1
        if self.error is not None:
            raise self.error
        self.records.setdefault(idempotency_key, body)
        return {"id": list(self.records).index(idempotency_key) + 1, **body}


class FakeIdempotency:
    """The claim protocol of the Redis store, in a dict; ``broken`` makes every call fail."""

    def __init__(self, *, broken: bool = False) -> None:
        self.states: dict[str, str] = {}
        self.broken = broken

    async def claim(self, event_id: str) -> Claim:
        self._check()
        state = self.states.get(event_id)
        if state is None:
            self.states[event_id] = "processing"
            return Claim.ACQUIRED
        return Claim.DONE if state == "done" else Claim.BUSY

    async def confirm(self, event_id: str) -> None:
        self._check()
        self.states[event_id] = "done"

    async def release(self, event_id: str) -> None:
        self._check()
        del self.states[event_id]

    def _check(self) -> None:
        if self.broken:
            raise ConnectionError("store down")
