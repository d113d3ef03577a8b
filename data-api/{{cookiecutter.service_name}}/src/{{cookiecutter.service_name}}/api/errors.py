"""Map domain errors and invalid requests to JSON answers; never a 500 for bad input."""

import json
from typing import cast

from fastapi import FastAPI, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from {{ cookiecutter.service_name }}.domain.errors import NotFoundError


async def not_found(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(status_code=status.HTTP_404_NOT_FOUND, content={"detail": str(exc)})


async def invalid_request(_: Request, exc: Exception) -> Response:
    """A 422 giving each error's ``loc``, ``msg`` and ``type``, never the input itself.

    FastAPI's own handler echoes the input and fails with a 500 when it cannot encode it
    (a lone surrogate such as ``"\\ud800"``); ASCII-only JSON can encode any string.
    """
    errors = [
        {"loc": error["loc"], "msg": error["msg"], "type": error["type"]}
        for error in cast(RequestValidationError, exc).errors()
    ]
    return Response(
        json.dumps({"detail": errors}),
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        media_type="application/json",
    )


def register_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(NotFoundError, not_found)
    app.add_exception_handler(RequestValidationError, invalid_request)
