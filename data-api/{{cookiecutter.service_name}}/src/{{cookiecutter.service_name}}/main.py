{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
"""Application factory: wires settings, logging, the database and the routers."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI

from {{ cookiecutter.service_name }}.api import health, v1
from {{ cookiecutter.service_name }}.api.errors import register_error_handlers
from {{ cookiecutter.service_name }}.core.logging import configure_logging
from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings
from {{ cookiecutter.service_name }}.infrastructure.db import schema
{{ from_imports({pkg ~ ".infrastructure.db.engine": ["create_engine", "create_sessionmaker", "is_sqlite"]}) }}

logger = structlog.get_logger(__name__)


def create_app(settings: Settings) -> FastAPI:
    """Build the application on settings read once at start-up."""
    configure_logging(SERVICE_NAME, settings.log_level, settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url)
        try:
            if is_sqlite(engine):
                # The embedded database needs no separate `make migrate`.
                await schema.upgrade(engine)
            app.state.engine = engine
            app.state.sessionmaker = create_sessionmaker(engine)
            logger.info("app.started", database=engine.url.render_as_string(hide_password=True))
            yield
        finally:
            await engine.dispose()
            logger.info("app.stopped")

    app = FastAPI(
        title={{ cookiecutter.project_name | tojson }},
        description={{ cookiecutter.description | tojson }},
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.include_router(health.router)
    app.include_router(v1.router)
    register_error_handlers(app)
    return app
