"""``GET /debug`` on the health port, in development only: build info, the settings with
secrets masked and the dependencies' status (see ``core/debug.py``)."""

from collections.abc import Mapping

from aiohttp import web

from {{ cookiecutter.service_name }}.core.debug import Check, debug_report
from {{ cookiecutter.service_name }}.core.settings import Settings


def debug_routes(settings: Settings, checks: Mapping[str, Check]) -> list[web.RouteDef]:
    """The route in development; none in any other environment."""
    if settings.environment != "development":
        return []

    async def debug(_: web.Request) -> web.Response:
        return web.json_response(await debug_report(settings, checks))

    return [web.get("/debug", debug)]
