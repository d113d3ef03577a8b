{%- set Res = cookiecutter.resource_name.title().replace('_', '') -%}
"""Client of the business API: one shared HTTP session, timeouts, retries that are safe."""

from types import TracebackType
from typing import Any, Self

import aiohttp
{%- if cookiecutter.maturity_level | int >= 4 %}
from opentelemetry import propagate
{%- endif %}
from structlog.stdlib import get_logger
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

{% if cookiecutter.maturity_level | int >= 2 -%}
from {{ cookiecutter.service_name }}.core.request_id import REQUEST_ID_HEADER, current_request_id
{% endif -%}
from {{ cookiecutter.service_name }}.domain.resource import {{ Res }}

logger = get_logger(__name__)

PATH = "/api/v1/{{ cookiecutter.resource_plural }}"
# Answers worth another try: the request did not reach the API or it could not serve it.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
ATTEMPTS = 3


class BusinessApiError(Exception):
    """The business API could not be reached or did not answer usefully."""


class BusinessApiUnavailable(BusinessApiError):
    """Down, overloaded or too slow, even after retries: try again later."""


class BusinessApiRejected(BusinessApiError):
    """The business API refused the request; ``detail`` is its explanation."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail


class _Retry(Exception):
    """An answer with a status from ``RETRY_STATUSES``."""


class BusinessApiClient:
    """Use as ``async with``: the session opens on entry and closes on exit."""

    def __init__(self, base_url: str, timeout_seconds: float) -> None:
        self._base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds, connect=1)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Self:
        self._session = aiohttp.ClientSession(self._base_url, timeout=self._timeout)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()

    async def create_{{ cookiecutter.resource_name }}(
        self,
        name: str,
        description: str | None,
        idempotency_key: str,
    ) -> {{ Res }}:
        """Create one; retries (ours and the user's) with the same key create it only once."""
        body = {"name": name, "description": description}
        data = await self._send("POST", PATH, body, {"Idempotency-Key": idempotency_key})
        return {{ Res }}(
            id=data["id"],
            name=data["name"],
            description=data["description"],
        )

    async def _send(
        self, method: str, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> dict[str, Any]:
        """Send a request that is safe to repeat, retrying with backoff and jitter."""
        {%- if cookiecutter.maturity_level | int >= 2 %}
        headers = {**headers, REQUEST_ID_HEADER: current_request_id()}
        {%- endif %}
        {%- if cookiecutter.maturity_level | int >= 4 %}
        propagate.inject(headers)  # traceparent: the business API continues the update's trace
        {%- endif %}
        retrying = AsyncRetrying(
            stop=stop_after_attempt(ATTEMPTS),
            wait=wait_exponential_jitter(multiplier=0.2, max=2),
            retry=retry_if_exception_type((aiohttp.ClientConnectionError, TimeoutError, _Retry)),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._request(method, path, body, headers)
        except (aiohttp.ClientError, TimeoutError, _Retry) as error:
            logger.warning("business_api.unavailable", method=method, path=path, error=repr(error))
            raise BusinessApiUnavailable(str(error)) from error
        raise AssertionError("unreachable: tenacity returns or raises")  # pragma: no cover

    async def _request(
        self, method: str, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> dict[str, Any]:
        if self._session is None:
            raise RuntimeError("BusinessApiClient is used outside 'async with'")
        async with self._session.request(method, path, json=body, headers=headers) as response:
            if response.status in RETRY_STATUSES:
                raise _Retry(f"{method} {path}: {response.status}")
            if response.status >= 500:
                raise BusinessApiUnavailable(f"{method} {path}: {response.status}")
            try:
                data: dict[str, Any] = await response.json(content_type=None)
            except ValueError:
                raise BusinessApiUnavailable(f"{method} {path}: not JSON") from None
            if response.status >= 400:
                detail = data.get("detail") or data.get("title") or str(response.status)
                raise BusinessApiRejected(response.status, str(detail))
            return data
