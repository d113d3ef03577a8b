{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
"""A stand-in for the data-api, speaking its contract over real HTTP.

It implements ``POST`` and ``GET {id}`` on ``/api/v1/{{ cookiecutter.resource_plural }}`` in memory,
validates them as the data-api does (``422``), and can be told to fail (``reply``) or to
answer slowly (``delay``).
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from aiohttp import web
from aiohttp.test_utils import TestServer
from aiohttp.typedefs import Handler
from pydantic import BaseModel, ConfigDict, Field, ValidationError

{{ from_imports({pkg ~ ".domain." ~ res: ["DESCRIPTION_MAX_LENGTH", "MAX_ID", "NAME_MAX_LENGTH"]}) }}

PATH = "/api/v1/{{ cookiecutter.resource_plural }}"


class _Create(BaseModel):
    """The data-api's create body."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Annotated[str, Field(min_length=1, max_length=NAME_MAX_LENGTH)]
    description: Annotated[str | None, Field(max_length=DESCRIPTION_MAX_LENGTH)] = None


def _invalid(loc: list[str | int], msg: str) -> web.Response:
    return web.json_response({"detail": [{"loc": loc, "msg": msg, "type": "invalid"}]}, status=422)


class DataApiStub:
    """The emulated data-api; ``running()`` serves it."""

    def __init__(self) -> None:
        self.{{ cookiecutter.resource_plural }}: dict[int, dict[str, Any]] = {}
        self.reply: tuple[int, str] | None = None  # (status, raw body) for every request
        self.delay = 0.0  # seconds to wait before answering
        self.url = ""
        self.app = web.Application(middlewares=[self._faults])
        self.app.router.add_post(PATH, self._create)
        self.app.router.add_get(PATH + "/{id}", self._get)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[str]:
        """Serve on a free loopback port; yields (and sets ``url`` to) the base URL."""
        async with TestServer(self.app, host="127.0.0.1") as server:
            self.url = str(server.make_url(""))
            yield self.url

    @web.middleware
    async def _faults(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        await asyncio.sleep(self.delay)
        if self.reply is not None:
            status, body = self.reply
            return web.Response(status=status, text=body, content_type="application/json")
        return await handler(request)

    async def _create(self, request: web.Request) -> web.Response:
        try:
            body = _Create.model_validate_json(await request.read())
        except ValidationError as exc:
            return _invalid(["body"], str(exc))
        record = {
            "id": len(self.{{ cookiecutter.resource_plural }}) + 1,
            **body.model_dump(),
            "created_at": datetime.now(UTC).isoformat(),
        }
        self.{{ cookiecutter.resource_plural }}[record["id"]] = record
        return web.json_response(record, status=201)

    async def _get(self, request: web.Request) -> web.Response:
        raw_id = request.match_info["id"]
        if not (raw_id.isascii() and raw_id.isdigit() and 1 <= int(raw_id) <= MAX_ID):
            return _invalid(["path", "id"], f"id must be 1 to {MAX_ID}")
        record = self.{{ cookiecutter.resource_plural }}.get(int(raw_id))
        if record is None:
            return web.json_response({"detail": "Not found"}, status=404)
        return web.json_response(record)
