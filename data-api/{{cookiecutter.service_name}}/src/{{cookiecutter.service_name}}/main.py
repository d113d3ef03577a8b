{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
{%- set level = cookiecutter.maturity_level | int -%}
"""Application factory: wires settings, logging, the database and the routers."""

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator{% if level >= 4 %}, Sequence{% endif %}
from contextlib import asynccontextmanager

import structlog
from fastapi import APIRouter, FastAPI{% if level >= 4 %}, params{% endif %}
{%- if level >= 3 %}
from fastapi.middleware.cors import CORSMiddleware
from prometheus_client import CollectorRegistry
{%- endif %}

{% set modules = {
    pkg ~ ".api": ["health", "v1"],
    pkg ~ ".api.errors": ["register_error_handlers"],
    pkg ~ ".api.request_body": ["RequestBodyMiddleware"],
    pkg ~ ".application." ~ res ~ "_service": [Res ~ "Service"],
    pkg ~ ".core.logging": ["configure_logging"],
    pkg ~ ".core.settings": ["SERVICE_NAME", "Settings"],
    pkg ~ ".domain.errors": ["UnavailableError"],
    pkg ~ ".infrastructure.db.database": ["SqlAlchemyDatabase", "open_database"],
} -%}
{%- if level >= 2 -%}
{%- set _ = modules.update({
    pkg ~ ".api.debug": ["debug_router"],
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
    pkg ~ ".api.auth": ["auth_dependencies"],
    pkg ~ ".core.tracing": ["init_tracing"],
}) -%}
{%- endif -%}
{{ from_imports(modules) }}

logger = structlog.get_logger(__name__)

PURGE_INTERVAL_SECONDS = 3600.0
GC_THRESHOLD = 7000  # new objects between two collections of the youngest generation
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
    configure_logging(
        SERVICE_NAME, settings.log_level, settings.log_json, settings.log_redact_fields
    )
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
            # What start-up built (modules, routes, models) lives as long as the process:
            # out of the garbage collector's passes, which get shorter (tail latency).
            gc.collect()
            gc.freeze()
            # The requests in flight alone hold more new objects than Python's default of
            # 700: the collector would run every few requests, for little garbage.
            gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
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
{%- if level >= 4 %}
        # Spans come from core/tracing.py; FastAPI's own would duplicate them and look up
        # the OpenTelemetry providers on every request.
{%- else %}
        # FastAPI's own OpenTelemetry support stays off: it would look up the providers on
        # every request wherever the OpenTelemetry API happens to be installed.
{%- endif %}
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
{%- if level >= 4 %}
    # Callers of the API authenticate (when credentials are configured); probes and metrics
    # stay open.
    auth = auth_dependencies(settings)
    for router in v1.ROUTERS:
        add_routes(app, router, auth)
{%- else %}
    for router in v1.ROUTERS:
        add_routes(app, router)
{%- endif %}
    add_routes(app, health.router)
{%- if level >= 2 %}
    if settings.environment == "development":
        add_routes(app, debug_router(settings))
{%- endif %}
    register_error_handlers(app)
    app.add_middleware(RequestBodyMiddleware, max_bytes=settings.max_request_body_bytes)
{%- if level >= 3 %}
    add_routes(app, metrics.router)
    app.state.metrics_registry = registry
    # The last added middleware runs first: request ID, metrics, CORS, security headers,
    # request body limits.
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


{% if level >= 4 -%}
def add_routes(
    app: FastAPI, router: APIRouter, dependencies: Sequence[params.Depends] = ()
) -> None:
    """Put the router's routes in the app's own table: FastAPI matches the routes of an
    included router through one more level on every request. With ``dependencies`` (added
    to each route's own), the router is included."""
    if dependencies:
        app.include_router(router, dependencies=dependencies)
    else:
        app.router.routes.extend(router.routes)
{%- else -%}
def add_routes(app: FastAPI, router: APIRouter) -> None:
    """Put the router's routes in the app's own table: FastAPI matches the routes of an
    included router through one more level on every request."""
    app.router.routes.extend(router.routes)
{%- endif %}


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
