"""The process-wide HTTP client session for outgoing calls."""

import aiohttp

from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings


def create_http_session(settings: Settings) -> aiohttp.ClientSession:
    """One session per process (connection pooling); close it on shutdown."""
    timeout = aiohttp.ClientTimeout(
        total=settings.data_api_timeout_seconds,
        connect=settings.data_api_connect_timeout_seconds,
    )
    return aiohttp.ClientSession(
        timeout=timeout, headers={"User-Agent": SERVICE_NAME, "Accept": "application/json"}
    )
