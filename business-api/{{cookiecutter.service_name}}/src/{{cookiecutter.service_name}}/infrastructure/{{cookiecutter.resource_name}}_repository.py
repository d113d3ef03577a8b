{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set imports = {
    pkg ~ ".domain.errors": [
        "ConflictError",
        "DataSourceError",
        "DataSourceTimeoutError",
        "DataSourceUnavailableError",
        "DomainError",
        "RejectedError",
        Res ~ "NotFoundError",
        "VersionMismatchError",
        "VersionRequiredError",
    ],
    pkg ~ ".domain." ~ res: [Res, Res ~ "Changes", Res ~ "Page", Res ~ "Query", "New" ~ Res],
} -%}
{%- if cookiecutter.maturity_level|int >= 2 %}{% set _ = imports.update({pkg ~ ".core.request_id": ["request_id_var"]}) %}{% endif -%}
{%- if cookiecutter.maturity_level|int >= 4 %}{% set _ = imports.update({pkg ~ ".infrastructure.circuit_breaker": ["CircuitBreaker"]}) %}{% endif -%}
"""The ``{{ Res }}Repository`` port over the data-api's HTTP contract.

Failures become domain errors: no answer in time is ``DataSourceTimeoutError``; a refused or
broken connection, a 5xx or a 429 is ``DataSourceUnavailableError``; an answer outside the
contract is ``DataSourceError``. Idempotent calls (and POSTs with an ``Idempotency-Key``)
are retried on connection failures and 502/503/504, with exponential backoff and jitter.
{%- if cookiecutter.maturity_level|int >= 4 %}
A circuit breaker around each call fails fast while the data-api keeps failing.
{%- endif %}
"""

import asyncio
import random
from collections.abc import Sequence
from datetime import datetime
from http import HTTPStatus
from typing import Any, Self

import aiohttp
from pydantic import BaseModel, TypeAdapter, ValidationError
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

{{ from_imports(imports) }}

RETRIED_STATUSES = frozenset({502, 503, 504})
_ENTITY = TypeAdapter({{ Res }})


class _Answer(BaseModel):
    """A body of the data-api's contract; anything else is a ``DataSourceError``."""

    @classmethod
    def parse(cls, raw: bytes) -> Self:
        try:
            return cls.model_validate_json(raw)
        except ValidationError as exc:
            raise DataSourceError(f"data-api sent a malformed {cls.__name__}") from exc


class _{{ Res }}Payload(_Answer):
    """The data-api's representation of one {{ res.replace('_', ' ') }}."""

    id: int
    name: str
    description: str | None
    version: int
    created_at: datetime
    updated_at: datetime

    def to_domain(self) -> {{ Res }}:
        return {{ Res }}(
            id=self.id,
            name=self.name,
            description=self.description,
            version=self.version,
            created_at=self.created_at,
            updated_at=self.updated_at,
        )


class _PagePayload(_Answer):
    items: list[_{{ Res }}Payload]
    total: int | None
    offset: int | None
    limit: int
    next_cursor: str | None


class _BulkPayload(_Answer):
    items: list[_{{ Res }}Payload]


class _ProblemPayload(BaseModel):
    detail: str | None = None
    errors: list[dict[str, Any]] = []


class _RetryableError(DataSourceUnavailableError):
    """A failure another attempt may not meet: no connection, or a brief 502/503/504."""


class DataApi{{ Res }}Repository:
    """Client of the data-api's ``/api/v1/{{ cookiecutter.resource_plural }}`` endpoints."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        attempts: int = 3,
        max_backoff_seconds: float = 1.0,
{%- if cookiecutter.maturity_level|int >= 4 %}
        breaker: CircuitBreaker | None = None,
{%- endif %}
    ) -> None:
        self._session = session
{%- if cookiecutter.maturity_level|int >= 4 %}
        self._breaker = breaker
{%- endif %}
        self._url = f"{base_url.rstrip('/')}/api/v1/{{ cookiecutter.resource_plural }}"
        self._attempts = attempts
        self._first_backoff = min(0.05, max_backoff_seconds)
        # The attempts after the first (see ``_send``): backoff doubling from 0.1 s, jitter.
        self._retrying = AsyncRetrying(
            stop=stop_after_attempt(attempts - 1),
            wait=wait_exponential_jitter(multiplier=0.1, max=max_backoff_seconds, jitter=0.05),
            retry=retry_if_exception_type(_RetryableError),
            reraise=True,
        )

    async def add(
        self,
        new: New{{ Res }},
        idempotency_key: str | None = None,
    ) -> {{ Res }}:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        body = {"name": new.name, "description": new.description}
        status, raw = await self._call(
            "POST", self._url, json=body, headers=headers, retry=idempotency_key is not None
        )
        if status != HTTPStatus.CREATED:
            raise _failure(status, raw)
        return _{{ Res }}Payload.parse(raw).to_domain()

    async def add_many(
        self,
        news: Sequence[New{{ Res }}],
    ) -> list[{{ Res }}]:
        body = {"items": [{"name": new.name, "description": new.description} for new in news]}
        status, raw = await self._call("POST", f"{self._url}/bulk", json=body)
        if status != HTTPStatus.CREATED:
            raise _failure(status, raw)
        return [item.to_domain() for item in _BulkPayload.parse(raw).items]

    async def get(self, {{ res }}_id: int) -> {{ Res }}:
        status, raw = await self._call("GET", f"{self._url}/{ {{- res }}_id}", retry=True)
        if status == HTTPStatus.NOT_FOUND:
            raise {{ Res }}NotFoundError({{ res }}_id)
        if status != HTTPStatus.OK:
            raise _failure(status, raw)
        try:
            return _ENTITY.validate_json(raw)  # straight into the entity: the hot path
        except ValidationError as exc:
            raise DataSourceError("data-api sent a malformed {{ res.replace('_', ' ') }}") from exc

    async def list(
        self,
        query: {{ Res }}Query,
    ) -> {{ Res }}Page:
        params: dict[str, str] = {"limit": str(query.limit), "sort": query.sort}
        for name in ("offset", "cursor", "name", "name_contains"):
            value = getattr(query, name)
            if value is not None:
                params[name] = str(value)
        for name in ("created_after", "created_before"):
            moment: datetime | None = getattr(query, name)
            if moment is not None:
                params[name] = moment.isoformat()
        status, raw = await self._call("GET", self._url, params=params, retry=True)
        if status != HTTPStatus.OK:
            raise _failure(status, raw)
        page = _PagePayload.parse(raw)
        return {{ Res }}Page(
            items=[item.to_domain() for item in page.items],
            limit=page.limit,
            total=page.total,
            offset=page.offset,
            next_cursor=page.next_cursor,
        )

    async def update(
        self,
        {{ res }}_id: int,
        changes: {{ Res }}Changes,
        expected_version: int,
    ) -> {{ Res }}:
        headers = {"If-Match": f'"{expected_version}"'}
        url = f"{self._url}/{ {{- res }}_id}"
        status, raw = await self._call("PATCH", url, json=dict(changes.fields), headers=headers)
        if status == HTTPStatus.NOT_FOUND:
            raise {{ Res }}NotFoundError({{ res }}_id)
        if status != HTTPStatus.OK:
            raise _failure(status, raw)
        return _{{ Res }}Payload.parse(raw).to_domain()

    async def delete(
        self,
        {{ res }}_id: int,
        expected_version: int | None = None,
    ) -> None:
        headers = {"If-Match": f'"{expected_version}"'} if expected_version is not None else None
        url = f"{self._url}/{ {{- res }}_id}"
        status, raw = await self._call("DELETE", url, headers=headers, retry=True)
        if status == HTTPStatus.NOT_FOUND:
            raise {{ Res }}NotFoundError({{ res }}_id)
        if status != HTTPStatus.NO_CONTENT:
            raise _failure(status, raw)

    async def _call(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        retry: bool = False,
    ) -> tuple[int, bytes]:
{%- if cookiecutter.maturity_level|int >= 2 %}
        request_id = request_id_var.get()
        if request_id is not None:
            headers = {**(headers or {}), "X-Request-ID": request_id}
{%- endif %}
{%- if cookiecutter.maturity_level|int >= 4 %}
        if self._breaker is None:
            return await self._send(method, url, json, params, headers, retry)
        self._breaker.before_call()
        try:
            answer = await self._send(method, url, json, params, headers, retry)
        except DataSourceUnavailableError:
            self._breaker.record_failure()
            raise
        self._breaker.record_success()
        return answer

    async def _send(
        self,
        method: str,
        url: str,
        json: Any,
        params: dict[str, str] | None,
        headers: dict[str, str] | None,
        retry: bool,
    ) -> tuple[int, bytes]:
{%- endif %}
        if not retry:
            return await self._attempt(method, url, json, params, headers)
        # The first attempt is made directly: tenacity costs tens of microseconds per call,
        # too much for the happy path of every read. Only a failure enters its retry loop.
        try:
            return await self._attempt(method, url, json, params, headers)
        except _RetryableError:
            if self._attempts == 1:
                raise
        await asyncio.sleep(self._first_backoff * (1 + random.random()))  # nosec B311 - jitter
        retrying = self._retrying.copy()
        return await retrying(self._attempt, method, url, json, params, headers)

    async def _attempt(
        self,
        method: str,
        url: str,
        json: Any,
        params: dict[str, str] | None,
        headers: dict[str, str] | None,
    ) -> tuple[int, bytes]:
        try:
            async with self._session.request(
                method, url, json=json, params=params, headers=headers
            ) as response:
                raw = await response.read()
        except TimeoutError as exc:
            raise DataSourceTimeoutError(f"data-api timed out: {method} {url}") from exc
        except aiohttp.ClientError as exc:
            raise _RetryableError(f"data-api unreachable: {method} {url}") from exc
        if response.status in RETRIED_STATUSES:
            raise _RetryableError(f"data-api answered {response.status}: {method} {url}")
        if response.status >= 500 or response.status == HTTPStatus.TOO_MANY_REQUESTS:
            raise DataSourceUnavailableError(f"data-api answered {response.status}: {method} {url}")
        return response.status, raw


def _failure(status: int, raw: bytes) -> DomainError:
    """The domain error for an answer that is not the expected success."""
    if status == HTTPStatus.CONFLICT:
        return ConflictError(_problem(raw).detail or "A request with this key is in progress")
    if status == HTTPStatus.PRECONDITION_FAILED:
        return VersionMismatchError()
    if status == HTTPStatus.PRECONDITION_REQUIRED:
        return VersionRequiredError()
    if status == 422:  # Unprocessable Content
        problem = _problem(raw)
        return RejectedError(problem.detail or "The request was rejected", problem.errors)
    return DataSourceError(f"data-api answered {status} unexpectedly")


def _problem(raw: bytes) -> _ProblemPayload:
    try:
        return _ProblemPayload.model_validate_json(raw)
    except ValidationError:
        return _ProblemPayload()
