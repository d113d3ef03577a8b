"""``GET /health``: answers while the process is up, for container health checks."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web


async def health(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def create_health_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/health", health)
    return app


@asynccontextmanager
async def serve_health(host: str, port: int) -> AsyncIterator[None]:
    """Serve the health endpoint on ``host:port`` while the block runs."""
    runner = web.AppRunner(create_health_app(), access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        yield
    finally:
        await runner.cleanup()
