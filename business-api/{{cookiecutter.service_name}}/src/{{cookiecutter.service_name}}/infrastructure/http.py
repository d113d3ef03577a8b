"""The process-wide HTTP client session for outgoing calls."""

import aiohttp

from {{ cookiecutter.service_name }}.core.settings import Settings


def create_http_session(settings: Settings) -> aiohttp.ClientSession:
    """One session per process (connection pooling); close it on shutdown."""
    timeout = aiohttp.ClientTimeout(
        total=settings.data_api_timeout,
        connect=settings.data_api_connect_timeout,
    )
    return aiohttp.ClientSession(
        timeout=timeout,
        headers={"User-Agent": settings.service_name, "Accept": "application/json"},
        raise_for_status=False,
    )
