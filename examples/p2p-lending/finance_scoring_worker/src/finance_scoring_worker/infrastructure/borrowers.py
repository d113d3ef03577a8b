"""Borrowers' credit profiles from the data-api (``GET /api/v1/borrowers/{id}``)."""

import aiohttp
from pydantic import ValidationError
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from finance_scoring_worker.core.request_id import outgoing_headers
from finance_scoring_worker.domain.scoring import CreditProfile
from finance_scoring_worker.infrastructure.data_api import (
    ATTEMPTS,
    TRANSIENT_STATUSES,
    DataApiRejected,
    DataApiUnavailable,
)


class DataApiBorrowers:
    """Reads are idempotent: transient failures are retried (3 attempts, backoff, jitter)."""

    def __init__(
        self, session: aiohttp.ClientSession, base_url: str, backoff_seconds: float = 0.2
    ) -> None:
        self._session = session
        self._url = f"{base_url.rstrip('/')}/api/v1/borrowers"
        self._retrying = AsyncRetrying(
            retry=retry_if_exception_type(DataApiUnavailable),
            stop=stop_after_attempt(ATTEMPTS),
            wait=wait_random_exponential(multiplier=backoff_seconds, max=2.0),
            reraise=True,
        )

    async def profile(self, borrower_id: int) -> CreditProfile:
        async for attempt in self._retrying.copy():  # its own attempt count per call
            with attempt:
                return await self._get(f"{self._url}/{borrower_id}")
        raise AssertionError("unreachable: tenacity re-raises the last error")

    async def _get(self, url: str) -> CreditProfile:
        try:
            async with self._session.get(url, headers=outgoing_headers()) as response:
                if response.status in TRANSIENT_STATUSES:
                    raise DataApiUnavailable(f"GET {url}: {response.status}")
                raw = await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise DataApiUnavailable(f"GET {url}: {exc!r}") from exc
        if response.status != 200:
            raise DataApiRejected(f"GET {url}: {response.status} {raw[:500]!r}")
        try:
            return CreditProfile.model_validate_json(raw)
        except ValidationError as exc:
            raise DataApiRejected(f"GET {url}: not a borrower profile") from exc
