{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
"""A faithful fake of the data-api, speaking its HTTP contract over real HTTP.

It keeps {{ cookiecutter.resource_plural.replace('_', ' ') }} in memory and implements the contract's
create (with ``Idempotency-Key``), bulk create, read, list (offset and cursor pagination,
filters, sorting), update (``If-Match`` required) and delete, answering errors as Problem
Details. Faults on demand: ``reply`` answers every request with a fixed status and body,
``fail_next`` answers the next N requests with 503, ``delay`` answers slowly, ``stop()``
closes the port. ``requests`` records each request's method, path and headers.
{%- if cookiecutter.maturity_level|int >= 4 %}
With ``api_key`` set, calls without that ``X-API-Key`` get 401, as from a data-api that
verifies its callers.
{%- endif %}
"""

import asyncio
import base64
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from aiohttp import web
from aiohttp.test_utils import BaseTestServer, TestServer
from aiohttp.typedefs import Handler
from multidict import CIMultiDictProxy
from pydantic import BaseModel, ConfigDict, Field, ValidationError

{{ from_imports({pkg ~ ".domain." ~ res: ["DESCRIPTION_MAX_LENGTH", "MAX_ID", "NAME_MAX_LENGTH", "SORTS"]}) }}

PATH = "/api/v1/{{ cookiecutter.resource_plural }}"
PROBLEM = "application/problem+json"


class _Create(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Annotated[str, Field(min_length=1, max_length=NAME_MAX_LENGTH)]
    description: Annotated[str | None, Field(max_length=DESCRIPTION_MAX_LENGTH)] = None


class _Bulk(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: Annotated[list[_Create], Field(min_length=1, max_length=100)]


class _Update(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Annotated[str, Field(min_length=1, max_length=NAME_MAX_LENGTH)] | None = None
    description: Annotated[str | None, Field(max_length=DESCRIPTION_MAX_LENGTH)] = None


def _problem(status: int, detail: str, **extra: Any) -> web.Response:
    body = {"type": "about:blank", "title": detail, "status": status, "detail": detail, **extra}
    return web.Response(status=status, text=json.dumps(body), content_type=PROBLEM)


def _invalid(loc: list[str | int], msg: str) -> web.Response:
    errors = [{"loc": loc, "msg": msg, "type": "value_error"}]
    return _problem(422, "Validation failed", errors=errors)


def _etag(record: dict[str, Any]) -> dict[str, str]:
    return {"ETag": f'"{record["version"]}"'}


class DataApiStub:
    """The emulated data-api; ``running()`` serves it."""

    def __init__(self) -> None:
        self.{{ cookiecutter.resource_plural }}: dict[int, dict[str, Any]] = {}
        self.idempotency: dict[str, tuple[str, dict[str, Any]]] = {}
        self.requests: list[tuple[str, str, CIMultiDictProxy[str]]] = []
        self.reply: tuple[int, str] | None = None  # (status, raw body) for every request
        self.fail_next = 0  # answer this many next requests with 503
        self.delay = 0.0  # seconds to wait before answering
{%- if cookiecutter.maturity_level|int >= 4 %}
        self.api_key: str | None = None  # when set, every call must send it as X-API-Key
{%- endif %}
        self.url = ""
        self._next_id = 1
        self._server: BaseTestServer | None = None
        self.app = web.Application(middlewares=[self._faults])
        self.app.router.add_get("/health", self._health)
        self.app.router.add_post(PATH, self._create)
        self.app.router.add_post(PATH + "/bulk", self._bulk)
        self.app.router.add_get(PATH, self._list)
        self.app.router.add_get(PATH + "/{id}", self._get)
        self.app.router.add_patch(PATH + "/{id}", self._update)
        self.app.router.add_delete(PATH + "/{id}", self._delete)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[str]:
        """Serve on a free loopback port; yields (and sets ``url`` to) the base URL."""
        async with TestServer(self.app, host="127.0.0.1") as server:
            self._server = server
            self.url = str(server.make_url(""))
            yield self.url

    async def stop(self) -> None:
        """Close the port: later calls are refused, as when the data-api is down."""
        assert self._server is not None
        await self._server.close()

    @web.middleware
    async def _faults(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        self.requests.append((request.method, request.path_qs, request.headers))
        await asyncio.sleep(self.delay)
{%- if cookiecutter.maturity_level|int >= 4 %}
        if self.api_key is not None and request.headers.get("X-API-Key") != self.api_key:
            return _problem(401, "Send an API key (X-API-Key) or a bearer token")
{%- endif %}
        if self.fail_next:
            self.fail_next -= 1
            return _problem(503, "Database unavailable")
        if self.reply is not None:
            status, body = self.reply
            return web.Response(status=status, text=body, content_type="application/json")
        return await handler(request)

    async def _health(self, _: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    def _store(self, body: _Create) -> dict[str, Any]:
        now = datetime.now(UTC).isoformat()
        record = {
            "id": self._next_id,
            **body.model_dump(),
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        self._next_id += 1
        self.{{ cookiecutter.resource_plural }}[record["id"]] = record
        return record

    async def _create(self, request: web.Request) -> web.Response:
        raw = await request.read()
        try:
            body = _Create.model_validate_json(raw)
        except ValidationError:
            return _invalid(["body"], "invalid body")
        key = request.headers.get("Idempotency-Key")
        if key is not None and key in self.idempotency:
            first_body, record = self.idempotency[key]
            if first_body != body.model_dump_json():
                return _invalid(["header", "Idempotency-Key"], "reused with another body")
            headers = {"Location": f"{PATH}/{record['id']}", "Idempotent-Replayed": "true"}
            return web.json_response(record, status=201, headers={**headers, **_etag(record)})
        record = self._store(body)
        if key is not None:
            self.idempotency[key] = (body.model_dump_json(), record)
        headers = {"Location": f"{PATH}/{record['id']}", **_etag(record)}
        return web.json_response(record, status=201, headers=headers)

    async def _bulk(self, request: web.Request) -> web.Response:
        try:
            body = _Bulk.model_validate_json(await request.read())
        except ValidationError:
            return _invalid(["body", "items"], "invalid items")
        return web.json_response({"items": [self._store(item) for item in body.items]}, status=201)

    def _find(self, request: web.Request) -> dict[str, Any] | web.Response:
        raw_id = request.match_info["id"]
        if not (raw_id.isascii() and raw_id.isdigit() and 1 <= int(raw_id) <= MAX_ID):
            return _invalid(["path", "id"], f"id must be 1 to {MAX_ID}")
        record = self.{{ cookiecutter.resource_plural }}.get(int(raw_id))
        return _problem(404, "Not found") if record is None else record

    async def _get(self, request: web.Request) -> web.Response:
        found = self._find(request)
        if isinstance(found, web.Response):
            return found
        return web.json_response(found, headers=_etag(found))

    def _stale(self, request: web.Request, record: dict[str, Any]) -> web.Response | None:
        if_match = request.headers.get("If-Match")
        if if_match is not None and if_match != f'"{record["version"]}"':
            return _problem(412, "Precondition failed")
        return None

    async def _update(self, request: web.Request) -> web.Response:
        found = self._find(request)
        if isinstance(found, web.Response):
            return found
        if "If-Match" not in request.headers:
            return _problem(428, "If-Match required")
        stale = self._stale(request, found)
        if stale is not None:
            return stale
        try:
            body = _Update.model_validate_json(await request.read())
        except ValidationError:
            return _invalid(["body"], "invalid body")
        changes = body.model_dump(exclude_unset=True)
        if not changes:
            return _invalid(["body"], "nothing to change")
        found.update(changes, version=found["version"] + 1)
        found["updated_at"] = datetime.now(UTC).isoformat()
        return web.json_response(found, headers=_etag(found))

    async def _delete(self, request: web.Request) -> web.Response:
        found = self._find(request)
        if isinstance(found, web.Response):
            return found
        stale = self._stale(request, found)
        if stale is not None:
            return stale
        del self.{{ cookiecutter.resource_plural }}[found["id"]]
        return web.Response(status=204)

    async def _list(self, request: web.Request) -> web.Response:
        query = request.query
        limit = int(query.get("limit", "50"))
        sort = query.get("sort", "id")
        if sort not in SORTS or not 1 <= limit <= 100:
            return _invalid(["query"], "invalid sort or limit")
        records = list(self.{{ cookiecutter.resource_plural }}.values())
        if "name" in query:
            records = [r for r in records if r["name"] == query["name"]]
        if "name_contains" in query:
            records = [r for r in records if query["name_contains"] in r["name"]]
        if "created_after" in query:
            after = datetime.fromisoformat(query["created_after"])
            records = [r for r in records if datetime.fromisoformat(r["created_at"]) > after]
        if "created_before" in query:
            before = datetime.fromisoformat(query["created_before"])
            records = [r for r in records if datetime.fromisoformat(r["created_at"]) < before]
        if "cursor" in query:
            try:
                sort, start = json.loads(base64.urlsafe_b64decode(query["cursor"]))
            except (ValueError, TypeError):
                return _invalid(["query", "cursor"], "malformed cursor")
            total = offset = None
        else:
            start = int(query.get("offset", "0"))
            total, offset = len(records), start
        field = sort.lstrip("-")
        records.sort(key=lambda r: (r[field], r["id"]), reverse=sort.startswith("-"))
        page = records[start : start + limit]
        more = start + limit < len(records)
        cursor = base64.urlsafe_b64encode(json.dumps([sort, start + limit]).encode()).decode()
        body = {
            "items": page,
            "total": total,
            "offset": offset,
            "limit": limit,
            "next_cursor": cursor if more else None,
        }
        return web.json_response(body)
