{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""The ``{{ Res }}Repository`` port over the data-api's HTTP API."""

from datetime import datetime
from http import HTTPStatus
from typing import Any

import aiohttp
from pydantic import BaseModel, ValidationError

{{ from_imports({
    pkg ~ ".domain.errors": ["DataSourceError", "DataSourceUnavailableError", Res ~ "NotFoundError"],
    pkg ~ ".domain." ~ res: [Res, "New" ~ Res],
}) }}


class _{{ Res }}Payload(BaseModel):
    """The data-api's representation of one {{ res.replace('_', ' ') }}."""

    id: int
    name: str
    description: str | None
    created_at: datetime


class DataApi{{ Res }}Repository:
    """Client of the data-api's ``/api/v1/{{ cookiecutter.resource_plural }}`` endpoints."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self._session = session
        self._url = f"{base_url.rstrip('/')}/api/v1/{{ cookiecutter.resource_plural }}"

    async def add(self, new: New{{ Res }}) -> {{ Res }}:
        payload = {"name": new.name, "description": new.description}
        status, body = await self._send("POST", self._url, json=payload)
        return _parse(status, body, expected=HTTPStatus.CREATED)

    async def get(self, {{ res }}_id: int) -> {{ Res }}:
        status, body = await self._send("GET", f"{self._url}/{ {{- res }}_id}")
        if status == HTTPStatus.NOT_FOUND:
            raise {{ Res }}NotFoundError({{ res }}_id)
        return _parse(status, body, expected=HTTPStatus.OK)

    async def _send(
        self, method: str, url: str, json: dict[str, Any] | None = None
    ) -> tuple[int, bytes]:
        try:
            async with self._session.request(method, url, json=json) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise DataSourceUnavailableError(f"data-api timed out: {method} {url}") from exc
        except aiohttp.ClientError as exc:
            raise DataSourceUnavailableError(f"data-api unreachable: {method} {url}") from exc


def _parse(status: int, body: bytes, expected: HTTPStatus) -> {{ Res }}:
    if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
        raise DataSourceUnavailableError(f"data-api failed with status {status}")
    if status != expected:
        raise DataSourceError(f"data-api answered {status}, expected {expected.value}")
    try:
        payload = _{{ Res }}Payload.model_validate_json(body)
    except ValidationError as exc:
        raise DataSourceError("data-api sent a malformed {{ res.replace('_', ' ') }}") from exc
    return {{ Res }}(**payload.model_dump())
