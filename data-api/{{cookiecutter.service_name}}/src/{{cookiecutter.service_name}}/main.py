{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
{%- set level = cookiecutter.maturity_level | int -%}
"""Application factory: wires settings, logging, the database and the routers."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from fastapi import {% if level >= 4 %}Depends, {% endif %}FastAPI
{%- if level >= 3 %}
from fastapi.middleware.cors import CORSMiddleware
from prometheus_client import CollectorRegistry
{%- endif %}

{% set modules = {
    pkg ~ ".api": ["health", "v1"],
    pkg ~ ".api.errors": ["register_error_handlers"],
    pkg ~ ".application." ~ res ~ "_service": [Res ~ "Service"],
    pkg ~ ".core.logging": ["configure_logging"],
    pkg ~ ".core.settings": ["SERVICE_NAME", "Settings"],
    pkg ~ ".domain.errors": ["UnavailableError"],
    pkg ~ ".infrastructure.db.database": ["SqlAlchemyDatabase", "open_database"],
} -%}
{%- if level >= 2 -%}
{%- set _ = modules.update({
    pkg ~ ".api.request_id": ["RequestIdMiddleware"],
    pkg ~ ".core.sentry": ["init_sentry"],
}) -%}
{%- endif -%}
{%- if level >= 3 -%}
{%- set _ = modules.update({
    pkg ~ ".api": ["health", "metrics", "v1"],
    pkg ~ ".api.metrics": ["HttpMetrics", "MetricsMiddleware", "PoolCollector"],
    pkg ~ ".api.security_headers": ["SecurityHeadersMiddleware"],
}) -%}
{%- endif -%}
{%- if level >= 4 -%}
{%- set _ = modules.update({
    pkg ~ ".api.auth": ["authenticate"],
    pkg ~ ".core.tracing": ["init_tracing"],
}) -%}
{%- endif -%}
{{ from_imports(modules) }}

logger = structlog.get_logger(__name__)

PURGE_INTERVAL_SECONDS = 3600.0
{%- if level >= 2 %}
TAGS = [
    {
        "name": "{{ cookiecutter.resource_plural }}",
        "description": "The example aggregate: create (idempotent), read, update, delete, list.",
    },
    {"name": "health", "description": "Liveness and readiness probes."},
]
CONTACT = {
    "name": {{ cookiecutter.author_name | tojson }},
    "email": {{ cookiecutter.author_email | tojson }},
}
{%- endif %}


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application on settings read once at start-up (from the environment when
    not given, e.g. for ``uvicorn --factory``)."""
    settings = settings or Settings()
    configure_logging(SERVICE_NAME, settings.log_level, settings.log_json)
{%- if level >= 2 %}
    init_sentry(settings)
{%- endif %}
{%- if level >= 3 %}
    registry = CollectorRegistry()
{%- endif %}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = await open_database(settings)
        try:
            if isinstance(database, SqlAlchemyDatabase):
                # The embedded database needs no separate `make migrate`. Imported here:
                # on PostgreSQL the process never loads Alembic (memory, start-up time).
                from {{ pkg }}.infrastructure.db import schema

                await schema.upgrade(database.engine)
            service = {{ Res }}Service(database)
            app.state.database = database
            app.state.{{ res }}_service = service
{%- if level >= 3 %}
            registry.register(PoolCollector(database))
{%- endif %}
            purging = asyncio.create_task(purge_idempotency_keys(service, settings))
            logger.info("app.started")
            yield
            purging.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await purging
        finally:
            await database.close()
            logger.info("app.stopped")

    app = FastAPI(
        title={{ cookiecutter.project_name | tojson }},
        description={{ cookiecutter.description | tojson }},
        version="0.1.0",
        lifespan=lifespan,
{%- if level >= 2 %}
        openapi_tags=TAGS,
        contact=CONTACT,
{%- endif %}
    )
    app.state.settings = settings
{%- if level >= 4 %}
    # Callers of the API authenticate; probes and metrics stay open.
    for router in v1.ROUTERS:
        app.include_router(router, prefix=v1.PREFIX, dependencies=[Depends(authenticate)])
{%- else %}
    for router in v1.ROUTERS:
        app.include_router(router, prefix=v1.PREFIX)
{%- endif %}
    app.include_router(health.router)
    register_error_handlers(app)
{%- if level >= 3 %}
    app.include_router(metrics.router)
    app.state.metrics_registry = registry
    # The last added middleware runs first: request ID, metrics, CORS, security headers.
    app.add_middleware(SecurityHeadersMiddleware)
    if settings.cors_allow_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_allow_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["*"],
            expose_headers=["ETag", "Location", "X-Request-ID", "Idempotent-Replayed"],
        )
    app.add_middleware(MetricsMiddleware, metrics=HttpMetrics(registry))
{%- endif %}
{%- if level >= 2 %}
    app.add_middleware(RequestIdMiddleware)
{%- endif %}
{%- if level >= 4 %}
    init_tracing(app, settings)
{%- endif %}
    return app


async def purge_idempotency_keys(
    service: {{ Res }}Service,
    settings: Settings,
    interval: float = PURGE_INTERVAL_SECONDS,
) -> None:
    """Forget idempotency keys older than ``IDEMPOTENCY_KEY_TTL_SECONDS``, once an interval."""
    while True:
        await asyncio.sleep(interval)
        with contextlib.suppress(UnavailableError):
            await service.purge_idempotency_keys(settings.idempotency_key_ttl_seconds)
