"""Composition root: wires settings, logging, handlers, the consumer and health."""

import asyncio
import sys

import structlog

from {{ cookiecutter.service_name }}.api.health import start_health_server
from {{ cookiecutter.service_name }}.application.handlers import build_registry
from {{ cookiecutter.service_name }}.application.registry import HandlerRegistry
from {{ cookiecutter.service_name }}.core.config import SettingsError
from {{ cookiecutter.service_name }}.core.lifecycle import shutdown_requested
from {{ cookiecutter.service_name }}.core.logging import configure_logging
from {{ cookiecutter.service_name }}.core.settings import (
    SERVICE_NAME,
    Settings,
    load_settings,
)
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
            logger.info("app.started", port=settings.port)
            await stop.wait()
            logger.info("app.stopping", timeout_seconds=settings.shutdown_timeout_seconds)
        finally:
            try:
                await consumer.stop(settings.shutdown_timeout_seconds)
            finally:
                await health.cleanup()
    logger.info("app.stopped")


def main() -> None:
    """Entry point of ``python -m {{ cookiecutter.service_name }}``."""
    try:
        settings = load_settings()
    except SettingsError as error:
        sys.exit(f"Invalid configuration, {SERVICE_NAME} was not started: {error}")
    configure_logging(SERVICE_NAME, settings.log_level, settings.log_json)
    try:
        asyncio.run(run(settings, build_registry()))
    except asyncio.CancelledError:
        # A second signal cut the drain short (logged as app.forced_exit).
        sys.exit(1)
