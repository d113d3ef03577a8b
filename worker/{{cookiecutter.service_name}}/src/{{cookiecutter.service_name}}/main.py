"""Composition root: wires settings, logging, the data-api client, handlers, the consumer,
the health port{% if cookiecutter.scheduled_jobs == "yes" %} and periodic jobs{% endif %}."""

import asyncio
import sys
from collections.abc import Callable
from contextlib import AsyncExitStack
{%- if cookiecutter.scheduled_jobs == "yes" %}
from functools import partial
{%- endif %}

import structlog
{%- if cookiecutter.maturity_level|int >= 4 %}
from purgatory import AsyncCircuitBreakerFactory
{%- endif %}
{%- if cookiecutter.use_redis == "yes" %}
from redis.asyncio import Redis
{%- endif %}

{% if cookiecutter.maturity_level|int >= 2 -%}
from {{ cookiecutter.service_name }}.api.debug import debug_routes
{% endif -%}
from {{ cookiecutter.service_name }}.api.health import start_health_server
from {{ cookiecutter.service_name }}.application.handlers import build_registry
{%- if cookiecutter.scheduled_jobs == "yes" %}
from {{ cookiecutter.service_name }}.application.jobs import report_dead_letters
{%- endif %}
from {{ cookiecutter.service_name }}.application.ports import ResultStore
from {{ cookiecutter.service_name }}.application.registry import HandlerRegistry
from {{ cookiecutter.service_name }}.core.config import SettingsError
from {{ cookiecutter.service_name }}.core.lifecycle import shutdown_requested
from {{ cookiecutter.service_name }}.core.logging import configure_logging
{%- if cookiecutter.maturity_level|int >= 2 %}
from {{ cookiecutter.service_name }}.core.sentry import init_sentry
{%- endif %}
from {{ cookiecutter.service_name }}.core.settings import (
    SERVICE_NAME,
    Settings,
    load_settings,
)
{%- if cookiecutter.maturity_level|int >= 4 %}
from {{ cookiecutter.service_name }}.core.tracing import init_tracing
{%- endif %}
from {{ cookiecutter.service_name }}.infrastructure.data_api import DataApiClient, create_session
{%- if cookiecutter.use_redis == "yes" %}
from {{ cookiecutter.service_name }}.infrastructure.idempotency import RedisIdempotency
{%- endif %}
from {{ cookiecutter.service_name }}.infrastructure.messaging import RabbitMQConsumer
{%- if cookiecutter.maturity_level|int >= 3 %}
from {{ cookiecutter.service_name }}.infrastructure.metrics import IN_FLIGHT
{%- endif %}
{%- if cookiecutter.scheduled_jobs == "yes" %}
from {{ cookiecutter.service_name }}.infrastructure.scheduler import {% if cookiecutter.maturity_level|int >= 3 and cookiecutter.use_redis == "yes" %}Job, JobLock, Scheduler{% else %}Job, Scheduler{% endif %}
{%- endif %}
from {{ cookiecutter.service_name }}.infrastructure.topology import Topology

logger = structlog.get_logger(__name__)

RegistryFactory = Callable[[ResultStore], HandlerRegistry]


def topology_of(settings: Settings) -> Topology:
    """The exchange and queues that ``settings`` name."""
    return Topology(
        exchange=settings.rabbitmq_exchange,
        queue=settings.rabbitmq_queue,
        retry_delays=settings.retry_delays_seconds,
        delivery_limit=settings.rabbitmq_delivery_limit,
    )


async def run(settings: Settings, registry_factory: RegistryFactory = build_registry) -> None:
    """Consume until SIGTERM or SIGINT, then shut down gracefully.

    Shutdown runs in reverse order of start-up: {% if cookiecutter.scheduled_jobs == "yes" %}jobs stop, {% endif %}the consumer drains its
    in-flight messages (their handlers still reach the data-api{% if cookiecutter.use_redis == "yes" %} and Redis{% endif %}), then the
    health port and the connections close.
    """
    with shutdown_requested() as stop:
        async with AsyncExitStack() as resources:
            session = await resources.enter_async_context(
                create_session(
                    timeout=settings.data_api_timeout_seconds,
                    connect_timeout=settings.data_api_connect_timeout_seconds,
                )
            )
            data_api = DataApiClient(
                session,
                str(settings.data_api_url),
                settings.data_api_resource,
{%- if cookiecutter.maturity_level|int >= 4 %}
                breaker=AsyncCircuitBreakerFactory(
                    default_threshold=settings.data_api_breaker_threshold,
                    default_ttl=settings.data_api_breaker_reset_seconds,
                ),
{%- endif %}
            )
{%- if cookiecutter.use_redis == "yes" %}
            redis = Redis.from_url(
                settings.redis_url, socket_connect_timeout=1.0, socket_timeout=2.0
            )
            resources.push_async_callback(redis.aclose)
            idempotency = RedisIdempotency(
                redis,
                service=SERVICE_NAME,
                ttl=settings.idempotency_ttl_seconds,
                claim_ttl=settings.idempotency_claim_ttl_seconds,
            )
{%- endif %}
            consumer = RabbitMQConsumer(
                registry_factory(data_api),
                topology_of(settings),
                url=settings.rabbitmq_url,
                prefetch=settings.rabbitmq_prefetch,
{%- if cookiecutter.use_redis == "yes" %}
                idempotency=idempotency,
{%- endif %}
            )
{%- if cookiecutter.maturity_level|int >= 3 %}
            IN_FLIGHT.set_function(lambda: consumer.in_flight)
{%- endif %}
{%- if cookiecutter.use_redis == "yes" %}
            checks = {"rabbitmq": consumer.ready, "redis": idempotency.ping}
{%- else %}
            checks = {"rabbitmq": consumer.ready}
{%- endif %}
{%- if cookiecutter.maturity_level|int >= 2 %}
            health = await start_health_server(
                settings.host, settings.port, checks, debug_routes(settings, checks)
            )
{%- else %}
            health = await start_health_server(settings.host, settings.port, checks)
{%- endif %}
            resources.push_async_callback(health.cleanup)
            resources.push_async_callback(consumer.stop, settings.shutdown_timeout_seconds)
            await consumer.start()
{%- if cookiecutter.scheduled_jobs == "yes" %}
            job = Job(
                "report_dead_letters",
                partial(report_dead_letters, consumer.dead_letter_count),
                interval=settings.job_interval_seconds,
                jitter=settings.job_jitter_seconds,
            )
{%- if cookiecutter.maturity_level|int >= 3 and cookiecutter.use_redis == "yes" %}
            scheduler = Scheduler([job], lock=JobLock(redis, SERVICE_NAME))
{%- else %}
            scheduler = Scheduler([job])
{%- endif %}
            scheduler.start()
            resources.push_async_callback(scheduler.stop)
{%- endif %}
            logger.info("app.started", port=settings.port)
            await stop.wait()
            logger.info("app.stopping", timeout_seconds=settings.shutdown_timeout_seconds)
    logger.info("app.stopped")


def main() -> None:
    """Entry point of ``python -m {{ cookiecutter.service_name }}``."""
    try:
        settings = load_settings()
    except SettingsError as error:
        sys.exit(f"Invalid configuration, {SERVICE_NAME} was not started: {error}")
    configure_logging(
        SERVICE_NAME, settings.log_level, settings.log_json, settings.log_redact_fields
    )
{%- if cookiecutter.maturity_level|int >= 2 %}
    init_sentry(settings)
{%- endif %}
{%- if cookiecutter.maturity_level|int >= 4 %}
    endpoint = settings.otel_exporter_otlp_endpoint
    tracing = init_tracing(SERVICE_NAME, str(endpoint) if endpoint else None)
{%- endif %}
    try:
        asyncio.run(run(settings))
    except asyncio.CancelledError:
        # A second signal cut the drain short (logged as app.forced_exit).
        sys.exit(1)
{%- if cookiecutter.maturity_level|int >= 4 %}
    finally:
        if tracing is not None:
            tracing.shutdown()  # exports the spans still buffered
{%- endif %}
