{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
"""Map errors to Problem Details answers: never a 500 for bad input, never a stack trace."""

from typing import cast

import structlog
from fastapi import FastAPI, Request, Response, status
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from {{ cookiecutter.service_name }}.api.problems import problem
{{ from_imports({pkg ~ ".domain.errors": [
    "IdempotencyKeyInProgressError",
    "IdempotencyKeyReusedError",
    "InvalidCursorError",
    "NotFoundError",
    "StaleVersionError",
    "UnavailableError",
]}) }}

logger = structlog.get_logger(__name__)

STATUS_OF = {
    NotFoundError: status.HTTP_404_NOT_FOUND,
    IdempotencyKeyInProgressError: status.HTTP_409_CONFLICT,
    StaleVersionError: status.HTTP_412_PRECONDITION_FAILED,
    IdempotencyKeyReusedError: status.HTTP_422_UNPROCESSABLE_CONTENT,
}


async def domain_error(request: Request, exc: Exception) -> Response:
    code = next(code for kind, code in STATUS_OF.items() if isinstance(exc, kind))
    return problem(request, code, str(exc))


async def http_error(request: Request, exc: Exception) -> Response:
    error = cast(HTTPException, exc)
    return problem(request, error.status_code, str(error.detail), headers=error.headers)


async def invalid_request(request: Request, exc: Exception) -> Response:
    """A 422 giving each error's ``loc``, ``msg`` and ``type``, never the input itself."""
    errors = [
        {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
        for error in cast(RequestValidationError, exc).errors()
    ]
    detail = "The request is invalid: see errors"
    return problem(request, status.HTTP_422_UNPROCESSABLE_CONTENT, detail, errors=errors)


async def invalid_cursor(request: Request, exc: Exception) -> Response:
    errors = [{"loc": ["query", "cursor"], "msg": str(exc), "type": "cursor_invalid"}]
    return problem(request, status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc), errors=errors)


async def unavailable(request: Request, exc: Exception) -> Response:
    logger.warning("request.unavailable", exc_info=exc)
    headers = {"Retry-After": "1"}
    return problem(request, status.HTTP_503_SERVICE_UNAVAILABLE, str(exc), headers=headers)


async def unexpected(request: Request, exc: Exception) -> Response:
    """The last resort: the error is logged, the client learns nothing about it."""
    logger.error("request.failed", exc_info=exc)
    detail = "The server failed to answer; the error was logged"
    return problem(request, status.HTTP_500_INTERNAL_SERVER_ERROR, detail)


def register_error_handlers(app: FastAPI) -> None:
    for kind in STATUS_OF:
        app.add_exception_handler(kind, domain_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(InvalidCursorError, invalid_cursor)
    app.add_exception_handler(UnavailableError, unavailable)
    app.add_exception_handler(Exception, unexpected)
