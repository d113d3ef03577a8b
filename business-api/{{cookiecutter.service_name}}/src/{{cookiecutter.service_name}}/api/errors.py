{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""Turn errors into JSON answers; never a stack trace or an internal URL to the client."""

from typing import Any, cast

import structlog
from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

{{ from_imports({
    pkg ~ ".domain.errors": ["DataSourceError", "DataSourceUnavailableError", Res ~ "NotFoundError"],
}) }}

logger = structlog.get_logger(__name__)


def _printable(value: Any) -> Any:
    """Client text quoted in an error may hold lone surrogates, which UTF-8 cannot encode."""
    return value.encode("utf-8", "replace").decode("utf-8") if isinstance(value, str) else value


async def _invalid_request(_: Request, exc: Exception) -> JSONResponse:
    """422 with where and why each check failed; the rejected input is not echoed."""
    errors = [
        {
            "loc": [_printable(part) for part in error["loc"]],
            "msg": _printable(error["msg"]),
            "type": error["type"],
        }
        for error in cast(RequestValidationError, exc).errors()
    ]
    return JSONResponse({"detail": errors}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


async def _not_found(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_404_NOT_FOUND)


async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
    logger.warning("data_api.unavailable", error=str(exc))
    return JSONResponse(
        {"detail": "A service this API depends on is unavailable; try again later"},
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
    )


async def _bad_gateway(_: Request, exc: Exception) -> JSONResponse:
    logger.error("data_api.bad_response", error=str(exc))
    return JSONResponse(
        {"detail": "A service this API depends on answered unexpectedly"},
        status_code=status.HTTP_502_BAD_GATEWAY,
    )


def register_error_handlers(app: FastAPI) -> None:
    """Map each error to its status; the most specific handler wins."""
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler({{ Res }}NotFoundError, _not_found)
    app.add_exception_handler(DataSourceUnavailableError, _unavailable)
    app.add_exception_handler(DataSourceError, _bad_gateway)
