"""Composition root: wires settings, logging, handlers, the consumer and health."""

import asyncio

import structlog

from {{ cookiecutter.service_name }}.api.health import start_health_server
from {{ cookiecutter.service_name }}.application.handlers import build_registry
from {{ cookiecutter.service_name }}.application.registry import HandlerRegistry
from {{ cookiecutter.service_name }}.core.lifecycle import shutdown_requested
from {{ cookiecutter.service_name }}.core.logging import configure_logging
from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings, get_settings
from {{ cookiecutter.service_name }}.infrastructure.messaging import RabbitMQConsumer

logger = structlog.get_logger(__name__)


async def run(settings: Settings, registry: HandlerRegistry) -> None:
    """Consume until SIGTERM or SIGINT, then shut down gracefully."""
    consumer = RabbitMQConsumer(
        registry,
        url=settings.rabbitmq_url,
        exchange=settings.rabbitmq_exchange,
        queue=settings.rabbitmq_queue,
        prefetch=settings.rabbitmq_prefetch,
    )
    with shutdown_requested() as stop:
        health = await start_health_server(settings.host, settings.port)
        try:
            await consumer.start()
            logger.info("worker.started", port=settings.port)
            await stop.wait()
            logger.info("worker.stopping", timeout=settings.shutdown_timeout)
            await consumer.stop(settings.shutdown_timeout)
        finally:
            await health.cleanup()
    logger.info("worker.stopped")


def main() -> None:
    """Entry point of ``python -m {{ cookiecutter.service_name }}``."""
    settings = get_settings()
    configure_logging(SERVICE_NAME, settings.log_level, settings.log_json)
    asyncio.run(run(settings, build_registry()))
