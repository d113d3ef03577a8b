"""RFC 7807 Problem Details: the body of every error answer."""

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel
{%- if cookiecutter.maturity_level != "1" %}

from {{ cookiecutter.service_name }}.core.request_id import current_request_id
{%- endif %}

PROBLEM_JSON = "application/problem+json"


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """What went wrong, for people (``title``, ``detail``) and programs (``type``, ``status``)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
{%- if cookiecutter.maturity_level != "1" %}
    request_id: str | None = None
{%- endif %}
    errors: list[FieldError] | None = None


def problem(
    request: Request,
    status: int,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """An ``application/problem+json`` answer; ASCII-only JSON encodes any string."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
{%- if cookiecutter.maturity_level != "1" %}
    body["request_id"] = current_request_id()
{%- endif %}
    if errors is not None:
        body["errors"] = errors
    return Response(json.dumps(body), status, headers=headers, media_type=PROBLEM_JSON)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error answers of a route."""
    return {
        status: {
            "model": Problem,
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
