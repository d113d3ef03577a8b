"""``GET /debug``, registered in development only: build info, the settings with secrets
masked and the status of the readiness checks' dependencies (see ``core/debug.py``)."""

from fastapi import APIRouter, Request

from {{ cookiecutter.service_name }}.core.debug import debug_report
from {{ cookiecutter.service_name }}.core.settings import Settings


def debug_router(settings: Settings) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/debug")
    async def debug(request: Request) -> dict[str, object]:
        return await debug_report(settings, request.app.state.readiness_checks)

    return router
