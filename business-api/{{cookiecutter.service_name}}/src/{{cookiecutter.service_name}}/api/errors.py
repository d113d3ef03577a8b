{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""Turn domain errors into JSON answers; never a stack trace or an internal URL to the client."""

import structlog
from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

{{ from_imports({
    pkg ~ ".domain.errors": ["DataSourceError", "DataSourceUnavailableError", Res ~ "NotFoundError"],
}) }}

logger = structlog.get_logger(__name__)


async def _not_found(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_404_NOT_FOUND)


async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
    logger.warning("data_source.unavailable", error=str(exc))
    return JSONResponse(
        {"detail": "A service this API depends on is unavailable; try again later"},
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
    )


async def _bad_gateway(_: Request, exc: Exception) -> JSONResponse:
    logger.error("data_source.bad_response", error=str(exc))
    return JSONResponse(
        {"detail": "A service this API depends on answered unexpectedly"},
        status_code=status.HTTP_502_BAD_GATEWAY,
    )


def register_error_handlers(app: FastAPI) -> None:
    """Map each domain error to its status; the most specific handler wins."""
    app.add_exception_handler({{ Res }}NotFoundError, _not_found)
    app.add_exception_handler(DataSourceUnavailableError, _unavailable)
    app.add_exception_handler(DataSourceError, _bad_gateway)
