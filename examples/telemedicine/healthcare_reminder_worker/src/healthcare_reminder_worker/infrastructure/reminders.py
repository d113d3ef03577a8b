"""The data-api's reminders: created once per event (``DataApiClient``), marked sent."""

import aiohttp

from healthcare_reminder_worker.core.request_id import outgoing_headers
from healthcare_reminder_worker.infrastructure.data_api import (
    TRANSIENT_STATUSES,
    DataApiClient,
    DataApiRejected,
    DataApiUnavailable,
)


class DataApiReminders(DataApiClient):
    async def mark_sent(self, reminder_id: int) -> None:
        async for attempt in self._retrying.copy():  # its own attempt count per call
            with attempt:
                await self._mark_sent(reminder_id)

    async def _mark_sent(self, reminder_id: int) -> None:
        url = f"{self._url}/{reminder_id}/sent"
        try:
            async with self._session.post(url, headers=outgoing_headers()) as response:
                if response.status in TRANSIENT_STATUSES:
                    raise DataApiUnavailable(f"POST {url}: {response.status}")
                if response.status >= 400:
                    raise DataApiRejected(f"POST {url}: {response.status}")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise DataApiUnavailable(f"POST {url}: {exc!r}") from exc
