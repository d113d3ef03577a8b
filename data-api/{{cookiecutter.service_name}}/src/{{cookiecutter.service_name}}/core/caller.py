"""Who is calling (the authenticated service or user), for the audit trail and the logs."""

from contextvars import ContextVar

ANONYMOUS = "anonymous"

_caller: ContextVar[str] = ContextVar("caller", default=ANONYMOUS)


def current_caller() -> str:
    return _caller.get()


def set_caller(name: str) -> None:
    _caller.set(name)
