"""The ID of the request being served, in a ``ContextVar`` (and in every log line)."""

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
# Reused from the caller when it looks like an ID: letters, digits and -_.:, up to 128.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,128}")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str) -> None:
    _request_id.set(value)


def accept_or_generate(inbound: str | None) -> str:
    """The inbound ID when well formed, else a new UUID4 (hex)."""
    if inbound is not None and _WELL_FORMED.fullmatch(inbound):
        return inbound
    return uuid.uuid4().hex
