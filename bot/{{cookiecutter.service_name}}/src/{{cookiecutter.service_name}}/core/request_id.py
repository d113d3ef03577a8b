"""The ID of the update being handled: in every log line and on every business API call."""

from contextvars import ContextVar

import structlog

REQUEST_ID_HEADER = "X-Request-ID"

_request_id: ContextVar[str] = ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


def bind_request_id(request_id: str) -> None:
    """Set the ID for the current task (aiogram handles each update in its own task)."""
    _request_id.set(request_id)
    structlog.contextvars.bind_contextvars(request_id=request_id)
