"""The process-wide HTTP client session for outgoing calls, and the data-api's probe."""

import aiohttp

from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings

_PROBE_TIMEOUT = aiohttp.ClientTimeout(total=1.0)


{% if cookiecutter.maturity_level|int >= 4 -%}
def create_http_session(
    settings: Settings,
    trace_configs: list[aiohttp.TraceConfig] | None = None,
) -> aiohttp.ClientSession:
    """One session per process: pooled keep-alive connections; close it on shutdown.

    ``trace_configs`` (from ``init_tracing``) add a span and ``traceparent`` to each call;
    ``DATA_API_KEY``, when set, goes with every call as ``X-API-Key``.
    """
    headers = {"User-Agent": SERVICE_NAME, "Accept": "application/json"}
    if settings.data_api_key is not None:
        headers["X-API-Key"] = settings.data_api_key.get_secret_value()
{%- else -%}
def create_http_session(settings: Settings) -> aiohttp.ClientSession:
    """One session per process: pooled keep-alive connections; close it on shutdown."""
{%- endif %}
    connector = aiohttp.TCPConnector(
        limit=settings.data_api_max_connections,
        keepalive_timeout=30,
        ttl_dns_cache=300,
    )
    timeout = aiohttp.ClientTimeout(
        total=settings.data_api_timeout_seconds,
        connect=settings.data_api_connect_timeout_seconds,
    )
    return aiohttp.ClientSession(
        connector=connector,
        timeout=timeout,
{%- if cookiecutter.maturity_level|int >= 4 %}
        headers=headers,
{%- else %}
        headers={"User-Agent": SERVICE_NAME, "Accept": "application/json"},
{%- endif %}
        raise_for_status=False,
{%- if cookiecutter.maturity_level|int >= 4 %}
        trace_configs=trace_configs,
{%- endif %}
    )


async def data_api_ready(session: aiohttp.ClientSession, base_url: str) -> bool:
    """Whether the data-api answers its own ``/health`` within a second."""
    try:
        async with session.get(f"{base_url.rstrip('/')}/health", timeout=_PROBE_TIMEOUT) as answer:
            return answer.status == 200
    except (aiohttp.ClientError, TimeoutError):
        return False
