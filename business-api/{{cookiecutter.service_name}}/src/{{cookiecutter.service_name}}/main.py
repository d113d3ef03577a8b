{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""The application factory: ``create_app(settings)`` builds a configured FastAPI app."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI

{{ from_imports({
    pkg ~ ".api": ["health", "v1"],
    pkg ~ ".api.errors": ["register_error_handlers"],
    pkg ~ ".core.logging": ["configure_logging"],
    pkg ~ ".core.settings": ["SERVICE_NAME", "Settings"],
    pkg ~ ".infrastructure.http": ["create_http_session"],
    pkg ~ ".infrastructure." ~ res ~ "_repository": ["DataApi" ~ Res ~ "Repository"],
}) }}

logger = structlog.get_logger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; without ``settings`` they are read from the environment."""
    settings = settings or Settings()
    configure_logging(SERVICE_NAME, settings.log_level, settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with create_http_session(settings) as session:
            repository = DataApi{{ Res }}Repository(session, str(settings.data_api_url))
            app.state.{{ res }}_repository = repository
            logger.info("app.started", data_api_url=str(settings.data_api_url))
            yield
        logger.info("app.stopped")

    app = FastAPI(
        title="{{ cookiecutter.project_name }}",
        description="{{ cookiecutter.description }}",
        version="0.1.0",
        lifespan=lifespan,
    )
    register_error_handlers(app)
    app.include_router(health.router)
    app.include_router(v1.router)
    return app
