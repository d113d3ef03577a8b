{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set level = cookiecutter.maturity_level|int -%}
{%- set imports = {
    pkg ~ ".api": ["health", "v1"],
    pkg ~ ".api.errors": ["register_error_handlers"],
    pkg ~ ".api.health": ["ReadinessCheck"],
    pkg ~ ".domain.ports": [Res ~ "Repository"],
    pkg ~ ".core.logging": ["configure_logging"],
    pkg ~ ".core.settings": ["SERVICE_NAME", "Settings"],
    pkg ~ ".infrastructure.http": ["create_http_session", "data_api_ready"],
    pkg ~ ".infrastructure." ~ res ~ "_repository": ["DataApi" ~ Res ~ "Repository"],
} -%}
{%- if level >= 2 %}{% set _ = imports.update({pkg ~ ".api.request_id": ["RequestIdMiddleware"]}) %}{% endif -%}
{%- if level >= 2 %}{% set _ = imports.update({pkg ~ ".core.sentry": ["init_sentry"]}) %}{% endif -%}
{%- if level >= 2 %}{% set _ = imports.update({pkg ~ ".api.debug": ["debug_router"]}) %}{% endif -%}
{%- if level >= 4 %}{% set _ = imports.update({
    pkg ~ ".core.telemetry": ["init_tracing"],
    pkg ~ ".infrastructure.circuit_breaker": ["CircuitBreaker"],
}) %}{% endif -%}
{%- if level >= 3 %}{% set _ = imports.update({
    pkg ~ ".api.metrics": ["MetricsMiddleware"],
    pkg ~ ".api.rate_limit": ["RateLimitMiddleware", "create_rate_limiter"],
    pkg ~ ".api.security": ["SecurityHeadersMiddleware"],
}) %}{% set _ = imports[pkg ~ ".api"].append("metrics") %}{% endif -%}
{%- if cookiecutter.auth == "jwt" %}{% set _ = imports.update({pkg ~ ".infrastructure.jwt_tokens": ["JwtAuthenticator"]}) %}{% endif -%}
{%- if cookiecutter.auth == "api_key" %}{% set _ = imports.update({pkg ~ ".infrastructure.api_keys": ["ApiKeyAuthenticator"]}) %}{% endif -%}
{%- if cookiecutter.use_rabbitmq == "yes" %}{% set _ = imports.update({pkg ~ ".infrastructure.rabbitmq": ["RabbitMqPublisher"]}) %}{% endif -%}
{%- if cookiecutter.websocket == "yes" %}{% set _ = imports[pkg ~ ".api"].append("websocket") %}{% endif -%}
{%- if cookiecutter.file_storage == "local" %}{% set _ = imports.update({pkg ~ ".infrastructure.local_storage": ["LocalFileStorage"]}) %}{% endif -%}
{%- if cookiecutter.file_storage == "s3" %}{% set _ = imports.update({pkg ~ ".infrastructure.s3_storage": ["S3FileStorage", "create_s3_client"]}) %}{% endif -%}
{%- if cookiecutter.websocket == "yes" and cookiecutter.use_redis == "yes" %}{% set _ = imports.update({pkg ~ ".infrastructure.broadcast": ["LocalHub", "RedisBroadcaster", "stop"]}) %}{% endif -%}
{%- if cookiecutter.websocket == "yes" and cookiecutter.use_redis == "no" %}{% set _ = imports.update({pkg ~ ".infrastructure.broadcast": ["LocalBroadcaster", "LocalHub"]}) %}{% endif -%}
{%- if cookiecutter.websocket == "yes" and cookiecutter.use_rabbitmq == "yes" %}{% set _ = imports.update({pkg ~ ".infrastructure.events": ["FanOutPublisher"]}) %}{% endif -%}
{%- if cookiecutter.use_redis == "yes" %}{% set _ = imports.update({
    pkg ~ ".infrastructure.cache": ["Cached" ~ Res ~ "Repository"],
    pkg ~ ".infrastructure.redis": ["create_redis", "redis_ready"],
}) %}{% endif -%}
"""The application factory: ``create_app(settings)`` builds a configured FastAPI app."""

import gc
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from functools import partial

import structlog
from fastapi import FastAPI
{%- if level >= 3 %}
from fastapi.middleware.cors import CORSMiddleware
{%- endif %}

{{ from_imports(imports) }}

logger = structlog.get_logger(__name__)
{%- if level >= 3 %}

CORS_REQUEST_HEADERS = [
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "If-Match",
    "X-API-Key",
    "X-Request-ID",
]
CORS_RESPONSE_HEADERS = ["ETag", "Location", "Retry-After", "X-Request-ID"]
{%- endif %}


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; without ``settings`` they are read from the environment."""
    settings = settings or Settings()
    configure_logging(
        SERVICE_NAME, settings.log_level, settings.log_json, settings.log_redact_fields
    )
{%- if level >= 2 %}
    init_sentry(settings)
{%- endif %}
{%- if cookiecutter.use_redis == "yes" %}
    redis = create_redis(settings)  # connects on first use; closed by the lifespan
{%- endif %}
{%- if cookiecutter.websocket == "yes" %}
    hub = LocalHub()
{%- endif %}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            data_api_url = str(settings.data_api_url)
{%- if level >= 4 %}
            session = await stack.enter_async_context(create_http_session(settings, trace_configs))
            breaker = CircuitBreaker(
                "data-api",
                settings.circuit_breaker_failures,
                settings.circuit_breaker_reset_timeout_seconds,
            )
            repository: {{ Res }}Repository = DataApi{{ Res }}Repository(
                session, data_api_url, attempts=settings.data_api_attempts, breaker=breaker
            )
{%- else %}
            session = await stack.enter_async_context(create_http_session(settings))
            repository: {{ Res }}Repository = DataApi{{ Res }}Repository(
                session, data_api_url, attempts=settings.data_api_attempts
            )
{%- endif %}
            checks: dict[str, ReadinessCheck] = {
                "data-api": partial(data_api_ready, session, data_api_url),
            }
{%- if cookiecutter.use_redis == "yes" %}
            stack.push_async_callback(redis.aclose)
            repository = Cached{{ Res }}Repository(
                repository, redis, settings.cache_ttl_seconds, settings.cache_ttl_jitter_seconds
            )
            checks["redis"] = partial(redis_ready, redis)
{%- endif %}
{%- if cookiecutter.file_storage == "s3" %}
            s3 = await stack.enter_async_context(create_s3_client(settings))
            app.state.file_storage = storage = S3FileStorage(s3, settings.s3_bucket)
            checks["s3"] = storage.ready
{%- endif %}
{%- if cookiecutter.use_rabbitmq == "yes" %}
            rabbitmq = RabbitMqPublisher(
                str(settings.rabbitmq_url),
                settings.rabbitmq_exchange,
                settings.rabbitmq_timeout_seconds,
{%- if level >= 4 %}
                tracer_provider=getattr(app.state, "tracer_provider", None),
{%- endif %}
            )
            stack.push_async_callback(rabbitmq.close)
            checks["rabbitmq"] = rabbitmq.ready
{%- endif %}
{%- if cookiecutter.websocket == "yes" and cookiecutter.use_redis == "yes" %}
            broadcaster = RedisBroadcaster(redis, hub)
            stack.push_async_callback(stop, await broadcaster.start())
{%- elif cookiecutter.websocket == "yes" %}
            broadcaster = LocalBroadcaster(hub)
{%- endif %}
{%- if cookiecutter.websocket == "yes" and cookiecutter.use_rabbitmq == "yes" %}
            app.state.event_publisher = FanOutPublisher([rabbitmq, broadcaster])
{%- elif cookiecutter.websocket == "yes" %}
            app.state.event_publisher = broadcaster
{%- elif cookiecutter.use_rabbitmq == "yes" %}
            app.state.event_publisher = rabbitmq
{%- endif %}
            app.state.{{ res }}_repository = repository
            app.state.readiness_checks = checks
            logger.info("app.started", data_api_url=data_api_url)
            # What startup built lives as long as the process: kept out of the GC passes,
            # which would otherwise walk it again and again under load (latency spikes).
            gc.collect()
            gc.freeze()
            yield
{%- if level >= 4 %}
            provider = getattr(app.state, "tracer_provider", None)
            if provider is not None:
                provider.shutdown()
{%- endif %}
        logger.info("app.stopped")

    app = FastAPI(
        title="{{ cookiecutter.project_name }}",
        description="{{ cookiecutter.description }}",
        version="0.1.0",
{%- if level >= 2 %}
        contact={"name": "{{ cookiecutter.author_name }}", "email": "{{ cookiecutter.author_email }}"},
        openapi_tags=[
            {
                "name": "{{ cookiecutter.resource_plural }}",
                "description": "The {{ cookiecutter.resource_plural.replace('_', ' ') }}, stored by the data-api",
            },
            {"name": "health", "description": "Liveness and readiness probes"},
        ],
{%- endif %}
        lifespan=lifespan,
{%- if level >= 4 %}
        # Spans come from core/telemetry.py; FastAPI's own would duplicate them and look up
        # the OpenTelemetry providers on every request.
{%- else %}
        # FastAPI's own OpenTelemetry would look its providers up on every request.
{%- endif %}
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    register_error_handlers(app)
{%- if level >= 4 %}
    trace_configs = init_tracing(app, settings)
{%- endif %}
{%- if cookiecutter.auth == "jwt" %}
    app.state.authenticator = JwtAuthenticator(settings)
{%- elif cookiecutter.auth == "api_key" %}
    app.state.authenticator = ApiKeyAuthenticator(settings.api_keys)
{%- endif %}
{%- if level >= 3 %}
    # Middlewares run outermost last-added first: request ID, metrics, security headers,
    # CORS, then the rate limit.
    if settings.rate_limit_enabled:
        limiter = create_rate_limiter({% if cookiecutter.use_redis == "yes" %}redis{% endif %})
        app.add_middleware(RateLimitMiddleware, limiter=limiter, limit=settings.rate_limit)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PATCH", "DELETE"],
        allow_headers=CORS_REQUEST_HEADERS,
        expose_headers=CORS_RESPONSE_HEADERS,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(MetricsMiddleware)
{%- endif %}
{%- if level >= 2 %}
    app.add_middleware(RequestIdMiddleware)
{%- endif %}
    app.include_router(health.router)
{%- if level >= 2 %}
    if settings.environment == "development":
        app.include_router(debug_router(settings))
{%- endif %}
{%- if level >= 3 %}
    app.include_router(metrics.router)
{%- endif %}
    v1.include_routers(app)
{%- if cookiecutter.file_storage == "local" %}
    app.state.file_storage = LocalFileStorage(settings.file_storage_dir)
{%- endif %}
{%- if cookiecutter.file_storage != "none" %}
    app.state.settings = settings
{%- endif %}
{%- if cookiecutter.websocket == "yes" %}
    app.include_router(websocket.router)
    app.state.event_hub = hub
    app.state.websocket_heartbeat_seconds = settings.websocket_heartbeat_seconds
{%- endif %}
    return app
