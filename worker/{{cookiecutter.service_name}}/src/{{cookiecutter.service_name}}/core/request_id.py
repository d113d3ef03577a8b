"""The request ID of the message being handled: from its ``x-request-id`` header (or the
envelope), kept in a ``ContextVar``, put in every log line and forwarded on outgoing calls."""

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import structlog

REQUEST_ID_HEADER = "x-request-id"
# A well-formed inbound ID is reused; anything else is replaced by a fresh one.
_WELL_FORMED = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


def resolve(candidate: str | None) -> str:
    """``candidate`` when it is a well-formed request ID, else a new one."""
    if candidate is not None and _WELL_FORMED.fullmatch(candidate):
        return candidate
    return uuid.uuid4().hex


@contextmanager
def request_id_scope(candidate: str | None) -> Iterator[str]:
    """Make the (resolved) request ID current for logs and outgoing calls within the block."""
    request_id = resolve(candidate)
    token = request_id_var.set(request_id)
    tokens = structlog.contextvars.bind_contextvars(request_id=request_id)
    try:
        yield request_id
    finally:
        structlog.contextvars.reset_contextvars(**tokens)
        request_id_var.reset(token)


def outgoing_headers() -> dict[str, str]:
    """Headers that carry the current request ID to the next service."""
    headers: dict[str, str] = {}
    request_id = request_id_var.get()
    if request_id is not None:
        headers["X-Request-ID"] = request_id
    return headers
