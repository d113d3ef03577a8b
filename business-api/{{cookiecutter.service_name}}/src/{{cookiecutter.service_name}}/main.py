{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""The application factory: ``create_app(settings)`` builds a configured FastAPI app."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

{{ from_imports({
    pkg ~ ".api": ["health"],
    pkg ~ ".api.errors": ["register_error_handlers"],
    pkg ~ ".api.v1": [cookiecutter.resource_plural],
    pkg ~ ".core.logging": ["configure_logging"],
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".infrastructure.http": ["create_http_session"],
    pkg ~ ".infrastructure." ~ res ~ "_repository": ["DataApi" ~ Res ~ "Repository"],
}) }}


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; without ``settings`` they are read from the environment."""
    settings = settings or Settings()
    configure_logging(settings.service_name, settings.log_level, settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with create_http_session(settings) as session:
            app.state.{{ res }}_repository = DataApi{{ Res }}Repository(
                session,
                str(settings.data_api_url),
            )
            yield

    app = FastAPI(
        title="{{ cookiecutter.project_name }}",
        description="{{ cookiecutter.description }}",
        lifespan=lifespan,
    )
    register_error_handlers(app)
    app.include_router(health.router)
    app.include_router({{ cookiecutter.resource_plural }}.router, prefix="/api/v1")
    return app
