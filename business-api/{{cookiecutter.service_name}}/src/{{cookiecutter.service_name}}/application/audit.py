"""The audit trail: one event per write use case on the ``audit`` logger, saying who (the
authenticated principal), what (the action), which resource, in which request, and the
outcome (``success``, or ``failure`` with the error's name). Ship it from the ``audit``
logger to storage that the service cannot rewrite."""

import functools
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

import structlog

from {{ cookiecutter.service_name }}.core.request_id import request_id_var

ANONYMOUS = "anonymous"
# The authenticated caller of the current request (set by the authentication dependency).
actor_var: ContextVar[str] = ContextVar("actor", default=ANONYMOUS)
logger = structlog.get_logger("audit")

P = ParamSpec("P")
R = TypeVar("R")


def audited(action: str) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """Audit each call of a use case (a method whose first argument after ``self`` is the
    resource's id, or whose result has an ``id`` or is a list of such)."""

    def decorate(use_case: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(use_case)
        async def run(*args: P.args, **kwargs: P.kwargs) -> R:
            target = args[1] if len(args) > 1 and isinstance(args[1], int) else None
            try:
                result = await use_case(*args, **kwargs)
            except Exception as exc:
                record(action, target, "failure", error=type(exc).__name__)
                raise
            record(action, _ids(result) if target is None else target, "success")
            return result

        return run

    return decorate


def record(action: str, resource_id: Any, outcome: str, **details: Any) -> None:
    logger.info(
        "audit",
        action=action,
        actor=actor_var.get(),
        resource_id=resource_id,
        request_id=request_id_var.get(),
        outcome=outcome,
        **details,
    )


def _ids(result: Any) -> Any:
    if isinstance(result, list):
        return [getattr(one, "id", None) for one in result]
    return getattr(result, "id", None)
