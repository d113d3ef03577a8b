"""The worker's HTTP side port: ``GET /health``{% if cookiecutter.maturity_level|int >= 3 %}, ``GET /ready`` and ``GET /metrics``{% else %} and ``GET /ready``{% endif %}."""

from collections.abc import Awaitable, Callable, Iterable, Mapping

from aiohttp import web
{%- if cookiecutter.maturity_level|int >= 3 %}
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
{%- endif %}

# Dependency name -> an async check that is True while the dependency is usable.
ReadinessChecks = Mapping[str, Callable[[], Awaitable[bool]]]


async def health(_: web.Request) -> web.Response:
    """Liveness: the process is up and its event loop answers."""
    return web.json_response({"status": "ok"})


def readiness(checks: ReadinessChecks) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Readiness: 200 when every dependency check passes, else 503 naming the failing ones."""

    async def ready(_: web.Request) -> web.Response:
        results = {
            name: "ok" if await _passes(check) else "unavailable" for name, check in checks.items()
        }
        if all(result == "ok" for result in results.values()):
            return web.json_response({"status": "ok", "checks": results})
        return web.json_response({"status": "unavailable", "checks": results}, status=503)

    return ready


async def _passes(check: Callable[[], Awaitable[bool]]) -> bool:
    try:
        return await check()
    except Exception:
        return False
{%- if cookiecutter.maturity_level|int >= 3 %}


async def metrics(_: web.Request) -> web.Response:
    """Prometheus metrics of this process."""
    return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})
{%- endif %}


def create_health_app(
    checks: ReadinessChecks, routes: Iterable[web.RouteDef] = ()
) -> web.Application:
    """The small HTTP application served beside the consumer, with any other ``routes``."""
    app = web.Application()
    app.router.add_routes(routes)
    app.router.add_get("/health", health)
    app.router.add_get("/ready", readiness(checks))
{%- if cookiecutter.maturity_level|int >= 3 %}
    app.router.add_get("/metrics", metrics)
{%- endif %}
    return app


async def start_health_server(
    host: str, port: int, checks: ReadinessChecks, routes: Iterable[web.RouteDef] = ()
) -> web.AppRunner:
    """Serve the health app in the running loop; ``await runner.cleanup()`` stops it."""
    runner = web.AppRunner(create_health_app(checks, routes), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
