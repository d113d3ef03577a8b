"""Liveness endpoint on the worker's health port: ``GET /health``."""

from aiohttp import web


async def health(_: web.Request) -> web.Response:
    """The process is up and its event loop answers."""
    return web.json_response({"status": "ok"})


def create_health_app() -> web.Application:
    """The small HTTP application served beside the consumer."""
    app = web.Application()
    app.router.add_get("/health", health)
    return app


async def start_health_server(host: str, port: int) -> web.AppRunner:
    """Serve the health app in the running loop; ``await runner.cleanup()`` stops it."""
    runner = web.AppRunner(create_health_app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
