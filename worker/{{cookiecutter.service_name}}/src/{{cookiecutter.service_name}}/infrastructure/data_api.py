"""HTTP client of the data-api: the only way this worker reads or writes data."""

from collections.abc import Mapping
from typing import Any

import aiohttp
{%- if cookiecutter.maturity_level|int >= 4 %}
from opentelemetry.instrumentation.aiohttp_client import create_trace_config
from purgatory import AsyncCircuitBreakerFactory
from purgatory.domain.model import OpenedState
{%- endif %}
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from {{ cookiecutter.service_name }}.application.ports import PermanentError
{%- if cookiecutter.maturity_level|int >= 2 %}
from {{ cookiecutter.service_name }}.core.request_id import outgoing_headers
{%- endif %}

# Answers worth another try: the request may succeed later. 409 is a concurrent request
# with the same Idempotency-Key still in progress.
TRANSIENT_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
ATTEMPTS = 3


class DataApiUnavailable(Exception):
    """The data-api did not answer, or answered that it cannot right now: retry later."""


class DataApiRejected(PermanentError):
    """The data-api refused the request for good (a 4xx other than the transient ones)."""


def create_session(*, timeout: float, connect_timeout: float) -> aiohttp.ClientSession:
    """The process's one HTTP session (connection pool), closed at shutdown."""
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=timeout, connect=connect_timeout),
        raise_for_status=False,
{%- if cookiecutter.maturity_level|int >= 4 %}
        # Each request is a client span under the current one (a retry is a span of its
        # own); the traceparent header it sends continues the trace in the data-api.
        trace_configs=[create_trace_config()],
{%- endif %}
    )


class DataApiClient:
    """Creates records in one collection of the data-api, ``/api/v1/<resource>``.

    Each create carries an ``Idempotency-Key``, which makes it safe to retry: a transient
    failure is retried (3 attempts at most, exponential backoff with jitter);
    whatever is left raises ``DataApiUnavailable`` and the message goes the retry path.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        resource: str,
{%- if cookiecutter.maturity_level|int >= 4 %}
        *,
        breaker: AsyncCircuitBreakerFactory,
{%- endif %}
        backoff_seconds: float = 0.2,
    ) -> None:
        self._session = session
        self._url = f"{base_url.rstrip('/')}/api/v1/{resource}"
{%- if cookiecutter.maturity_level|int >= 4 %}
        self._breaker = breaker
{%- endif %}
        self._retrying = AsyncRetrying(
            retry=retry_if_exception_type(DataApiUnavailable),
            stop=stop_after_attempt(ATTEMPTS),
            wait=wait_random_exponential(multiplier=backoff_seconds, max=2.0),
            reraise=True,
        )

    async def create(self, body: Mapping[str, Any], *, idempotency_key: str) -> dict[str, Any]:
        """POST ``body``; a replay of the same key returns the first answer."""
        # A copy per call: a retrying object keeps the state of the attempts it runs, and
        # concurrent messages would share (and reset) one another's attempt count.
        async for attempt in self._retrying.copy():
            with attempt:
                return await self._post(body, idempotency_key)
        raise AssertionError("unreachable: tenacity re-raises the last error")

    async def _post(self, body: Mapping[str, Any], idempotency_key: str) -> dict[str, Any]:
{%- if cookiecutter.maturity_level|int >= 2 %}
        headers = {"Idempotency-Key": idempotency_key, **outgoing_headers()}
{%- else %}
        headers = {"Idempotency-Key": idempotency_key}
{%- endif %}
{%- if cookiecutter.maturity_level|int >= 4 %}
        try:
            async with await self._breaker.get_breaker("data-api", exclude=[DataApiRejected]):
                return await self._send(body, headers)
        except OpenedState as exc:
            raise DataApiUnavailable("circuit open: the data-api failed repeatedly") from exc

    async def _send(self, body: Mapping[str, Any], headers: dict[str, str]) -> dict[str, Any]:
{%- endif %}
        try:
            async with self._session.post(self._url, json=body, headers=headers) as response:
                if response.status in TRANSIENT_STATUSES:
                    raise DataApiUnavailable(f"POST {self._url}: {response.status}")
                if response.status >= 400:
                    detail = (await response.text())[:500]
                    raise DataApiRejected(f"POST {self._url}: {response.status} {detail}")
                result: dict[str, Any] = await response.json()
                return result
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise DataApiUnavailable(f"POST {self._url}: {exc!r}") from exc
