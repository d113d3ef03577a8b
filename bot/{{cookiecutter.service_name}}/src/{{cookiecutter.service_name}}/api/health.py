"""Liveness (``/health``), readiness (``/ready``){{ " and metrics (``/metrics``)" if cookiecutter.maturity_level | int >= 3 }} on port 8004."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager

from aiohttp import web
{%- if cookiecutter.maturity_level | int >= 3 %}
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
{%- endif %}

# A readiness check answers True when its dependency is usable.
Check = Callable[[], Awaitable[bool]]
CHECK_TIMEOUT_SECONDS = 2


async def health(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _run(check: Check) -> str:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
            return "ok" if await check() else "unavailable"
    except Exception:  # a failing check means "not ready", never a 500
        return "unavailable"
{%- if cookiecutter.maturity_level | int >= 3 %}


async def metrics(_: web.Request) -> web.Response:
    response = web.Response(body=generate_latest())
    response.content_type = CONTENT_TYPE_LATEST.split(";")[0]
    return response
{%- endif %}


def create_health_app(checks: Mapping[str, Check]) -> web.Application:
    """The app on port 8004; {{ "the webhook adds its route to it" if cookiecutter.update_mode == "webhook" else "polling needs no other route" }}."""

    async def ready(_: web.Request) -> web.Response:
        results = await asyncio.gather(*(_run(check) for check in checks.values()))
        report = dict(zip(checks, results, strict=True))
        if all(result == "ok" for result in results):
            return web.json_response({"status": "ok", "checks": report})
        return web.json_response({"status": "unavailable", "checks": report}, status=503)

    app = web.Application()
    app.router.add_get("/health", health)
    app.router.add_get("/ready", ready)
    {%- if cookiecutter.maturity_level | int >= 3 %}
    app.router.add_get("/metrics", metrics)
    {%- endif %}
    return app


@asynccontextmanager
async def serve(app: web.Application, host: str, port: int) -> AsyncIterator[None]:
    """Serve ``app`` on ``host:port`` while the block runs."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        yield
    finally:
        await runner.cleanup()
