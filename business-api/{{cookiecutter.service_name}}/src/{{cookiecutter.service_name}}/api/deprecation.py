"""Mark a route deprecated: ``Deprecation`` (RFC 9745) and ``Sunset`` (RFC 8594) headers.

    @router.get("/old", dependencies=[deprecated(sunset=datetime(2027, 6, 30, tzinfo=UTC))])

Clients (and the logs of the gateways between) see the date after which the route goes
away and, with ``link``, where to read about its replacement (e.g. the ``/api/v2`` route).
"""

from datetime import datetime
from email.utils import format_datetime
from typing import Any

from fastapi import Depends, Response


def deprecated(sunset: datetime, since: datetime | None = None, link: str | None = None) -> Any:
    """A route dependency adding the headers; ``since`` defaults to "already deprecated"."""
    deprecation = f"@{int(since.timestamp())}" if since is not None else "@0"
    sunset_value = format_datetime(sunset, usegmt=True)

    async def mark(response: Response) -> None:
        response.headers["Deprecation"] = deprecation
        response.headers["Sunset"] = sunset_value
        if link is not None:
            response.headers["Link"] = f'<{link}>; rel="deprecation"'

    return Depends(mark)
