{%- set Res = cookiecutter.resource_name.title().replace('_', '') -%}
{%- set res = cookiecutter.resource_name -%}
"""The application factory: ``create_app(settings)`` builds a configured FastAPI app."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from {{ cookiecutter.service_name }}.api import health
from {{ cookiecutter.service_name }}.api.errors import register_error_handlers
from {{ cookiecutter.service_name }}.api.v1 import {{ cookiecutter.resource_plural }}
from {{ cookiecutter.service_name }}.core.logging import configure_logging
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.infrastructure.http import create_http_session
from {{ cookiecutter.service_name }}.infrastructure.{{ res }}_repository import DataApi{{ Res }}Repository


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; without ``settings`` they are read from the environment."""
    settings = settings or Settings()
    configure_logging(settings.service_name, settings.log_level, settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with create_http_session(settings) as session:
            app.state.{{ res }}_repository = DataApi{{ Res }}Repository(
                session, str(settings.data_api_url)
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
