"""``GET /debug``, registered in development only: build info, the settings with secrets
masked and whether the database answers (see ``core/debug.py``)."""

from fastapi import APIRouter

from {{ cookiecutter.service_name }}.api.dependencies import DatabaseDep
from {{ cookiecutter.service_name }}.core.debug import debug_report
from {{ cookiecutter.service_name }}.core.settings import Settings


def debug_router(settings: Settings) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/debug")
    async def debug(database: DatabaseDep) -> dict[str, object]:
        async def database_answers() -> bool:
            await database.ping()
            return True

        return await debug_report(settings, {"database": database_answers})

    return router
