{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set events = cookiecutter.use_rabbitmq == "yes" or cookiecutter.websocket == "yes" -%}
{%- set imports = {
    pkg ~ ".domain.errors": [
        "ConflictError",
        "DataSourceError",
        "DataSourceTimeoutError",
        "DataSourceUnavailableError",
        "BusinessRuleError",
        "RejectedError",
        Res ~ "NotFoundError",
        "VersionMismatchError",
        "VersionRequiredError",
    ],
} -%}
{%- if cookiecutter.maturity_level|int >= 2 %}{% set _ = imports.update({pkg ~ ".core.request_id": ["request_id_var"]}) %}{% endif -%}
{%- if events %}{% set _ = imports[pkg ~ ".domain.errors"].append("EventPublishError") %}{% endif -%}
{%- if cookiecutter.file_storage != "none" %}{% set _ = imports.update({pkg ~ ".domain.files": ["FileStorageUnavailableError", "FileTooLargeError", "StoredFileNotFoundError", "UnsupportedFileTypeError"]}) %}{% endif -%}
"""RFC 7807 Problem Details for every error; never a stack trace or an internal URL."""

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, cast

import structlog
from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

{{ from_imports(imports) }}

PROBLEM_JSON = "application/problem+json"
logger = structlog.get_logger(__name__)


def problem(
    request: Request,
    status_code: int,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """A Problem Details answer; ``title`` is the status's standard phrase."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        "instance": request.url.path,
    }
{%- if cookiecutter.maturity_level|int >= 2 %}
    request_id = request_id_var.get()
    if request_id is not None:
        body["request_id"] = request_id
{%- endif %}
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status_code, headers=headers, media_type=PROBLEM_JSON)


def _printable(value: Any) -> Any:
    """Client text quoted in an error may hold lone surrogates, which UTF-8 cannot encode."""
    return value.encode("utf-8", "replace").decode("utf-8") if isinstance(value, str) else value


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """422 with where and why each check failed; the rejected input is not echoed."""
    errors = [
        {
            "loc": [_printable(part) for part in error["loc"]],
            "msg": _printable(error["msg"]),
            "type": error["type"],
        }
        for error in cast(RequestValidationError, exc).errors()
    ]
    detail = "The request is not valid; see errors"
    return problem(request, status.HTTP_422_UNPROCESSABLE_CONTENT, detail, errors=errors)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    error = cast(HTTPException, exc)
    return problem(request, error.status_code, str(error.detail), headers=error.headers)


async def _rule_broken(request: Request, exc: Exception) -> JSONResponse:
    errors = cast(BusinessRuleError | RejectedError, exc).errors
    return problem(request, status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc), errors=errors)


def _fixed(status_code: int) -> Any:
    """A handler that answers ``status_code`` with the error's own message."""

    async def handler(request: Request, exc: Exception) -> JSONResponse:
        return problem(request, status_code, str(exc))

    return handler


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    logger.warning("data_api.unavailable", error=str(exc))
    detail = "The data-api is unavailable; try again later"
    retry_after = {"Retry-After": "1"}
    return problem(request, status.HTTP_503_SERVICE_UNAVAILABLE, detail, headers=retry_after)


async def _timed_out(request: Request, exc: Exception) -> JSONResponse:
    logger.warning("data_api.timed_out", error=str(exc))
    detail = "The data-api did not answer in time; try again later"
    return problem(request, status.HTTP_504_GATEWAY_TIMEOUT, detail)


async def _bad_gateway(request: Request, exc: Exception) -> JSONResponse:
    logger.error("data_api.bad_response", error=str(exc))
    detail = "The data-api answered unexpectedly"
    return problem(request, status.HTTP_502_BAD_GATEWAY, detail)


{% if cookiecutter.file_storage != "none" -%}
async def _storage_unavailable(request: Request, exc: Exception) -> JSONResponse:
    logger.warning("file_storage.unavailable", error=str(exc))
    detail = "The file storage is unavailable; try again later"
    retry_after = {"Retry-After": "1"}
    return problem(request, status.HTTP_503_SERVICE_UNAVAILABLE, detail, headers=retry_after)


{% endif -%}
{% if events -%}
async def _event_lost(request: Request, exc: Exception) -> JSONResponse:
    detail = (
        "The change was saved but could not be announced; retry the request "
        "(with the same Idempotency-Key for a create)"
    )
    return problem(request, status.HTTP_503_SERVICE_UNAVAILABLE, detail)


{% endif -%}
async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("request.failed")
    detail = "An unexpected error occurred; it has been logged"
    return problem(request, status.HTTP_500_INTERNAL_SERVER_ERROR, detail)


def register_error_handlers(app: FastAPI) -> None:
    """Map each error to its status; the most specific handler wins."""
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(BusinessRuleError, _rule_broken)
    app.add_exception_handler(RejectedError, _rule_broken)
    app.add_exception_handler({{ Res }}NotFoundError, _fixed(status.HTTP_404_NOT_FOUND))
    app.add_exception_handler(ConflictError, _fixed(status.HTTP_409_CONFLICT))
{%- if cookiecutter.file_storage != "none" %}
    app.add_exception_handler(StoredFileNotFoundError, _fixed(status.HTTP_404_NOT_FOUND))
    app.add_exception_handler(FileTooLargeError, _fixed(status.HTTP_413_CONTENT_TOO_LARGE))
    app.add_exception_handler(
        UnsupportedFileTypeError, _fixed(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE)
    )
    app.add_exception_handler(FileStorageUnavailableError, _storage_unavailable)
{%- endif %}
    app.add_exception_handler(VersionMismatchError, _fixed(status.HTTP_412_PRECONDITION_FAILED))
    app.add_exception_handler(VersionRequiredError, _fixed(status.HTTP_428_PRECONDITION_REQUIRED))
    app.add_exception_handler(DataSourceTimeoutError, _timed_out)
    app.add_exception_handler(DataSourceUnavailableError, _unavailable)
    app.add_exception_handler(DataSourceError, _bad_gateway)
{%- if events %}
    app.add_exception_handler(EventPublishError, _event_lost)
{%- endif %}
    app.add_exception_handler(Exception, _unexpected)
