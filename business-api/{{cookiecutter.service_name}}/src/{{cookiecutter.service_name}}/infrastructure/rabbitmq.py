{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set traced = cookiecutter.maturity_level|int >= 4 -%}
"""Domain events to RabbitMQ: a durable topic exchange, persistent messages, publisher confirms.

A publish waits for the broker's confirm. It is attempted up to three times (with backoff);
if it still fails, the full envelope is logged as ``event.publish_failed`` and
``EventPublishError`` is raised, so the request answers 503 instead of losing the event
silently. The envelope's ``event_id`` is stable for a given change, so a client retrying the
request (a create with the same ``Idempotency-Key``) republishes the same event, which
consumers deduplicate.
{%- if traced %} Each publish is a producer span; its ``traceparent`` header lets the
consumer continue the request's trace.
{%- endif %}
"""

import asyncio
import json
from typing import Any

import aio_pika
import structlog
from aio_pika.abc import AbstractExchange, AbstractRobustConnection
{%- if traced %}
from opentelemetry import propagate, trace
{%- endif %}
from tenacity import AsyncRetrying, stop_after_attempt, wait_exponential_jitter

{{ from_imports({
    pkg ~ ".domain.errors": ["EventPublishError"],
    pkg ~ ".domain.events": [Res ~ "Event"],
    pkg ~ ".infrastructure.events": ["envelope"],
}) }}

logger = structlog.get_logger(__name__)


class RabbitMqPublisher:
    """Publishes to ``exchange`` with the event type as routing key; connects on first use."""

    def __init__(
        self,
        url: str,
        exchange: str,
        timeout_seconds: float,
        attempts: int = 3,
{%- if traced %}
        tracer_provider: trace.TracerProvider | None = None,
{%- endif %}
    ) -> None:
        self._url = url
        self._exchange_name = exchange
        self._timeout = timeout_seconds
        self._attempts = attempts
        self._connection: AbstractRobustConnection | None = None
        self._exchange: AbstractExchange | None = None
        self._lock = asyncio.Lock()
{%- if traced %}
        # Without a provider (tracing off) the global no-op one: spans record nothing.
        self._tracer = trace.get_tracer(__name__, tracer_provider=tracer_provider)
{%- endif %}

    async def publish(self, event: {{ Res }}Event) -> None:
        body = envelope(event)
        request_id = body["request_id"]
        headers: dict[str, Any] = {"x-request-id": request_id} if request_id else {}
{%- if traced %}
        with self._tracer.start_as_current_span(
            f"{event.event_type} publish",
            kind=trace.SpanKind.PRODUCER,
            attributes={
                "messaging.system": "rabbitmq",
                "messaging.destination.name": self._exchange_name,
                "messaging.rabbitmq.destination.routing_key": event.event_type,
                "messaging.message.id": body["event_id"],
            },
        ):
            propagate.inject(headers)
            await self._publish(event.event_type, body, headers)
{%- else %}
        await self._publish(event.event_type, body, headers)
{%- endif %}

    async def _publish(
        self, routing_key: str, body: dict[str, Any], headers: dict[str, Any]
    ) -> None:
        message = aio_pika.Message(
            json.dumps(body).encode(),
            content_type="application/json",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            message_id=body["event_id"],
            type=body["event_type"],
            headers=headers,
        )
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential_jitter(multiplier=0.05, max=0.5, jitter=0.05),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    exchange = await self._declared_exchange()
                    await exchange.publish(message, routing_key, timeout=self._timeout)
        except Exception as exc:
            logger.error("event.publish_failed", envelope=body, error=repr(exc))
            raise EventPublishError(f"event {body['event_id']} was not published") from exc
        logger.debug("event.published", event_id=body["event_id"], event_type=body["event_type"])

    async def ready(self) -> bool:
        """Whether the broker can be reached (connecting if need be)."""
        try:
            await self._declared_exchange()
        except Exception:  # any failure to connect means "not ready"
            return False
        return self._connection is not None and not self._connection.is_closed

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()

    async def _declared_exchange(self) -> AbstractExchange:
        async with self._lock:
            if self._exchange is None:
                connection = await aio_pika.connect_robust(self._url, timeout=self._timeout)
                try:
                    channel = await connection.channel(publisher_confirms=True)
                    self._exchange = await channel.declare_exchange(
                        self._exchange_name, aio_pika.ExchangeType.TOPIC, durable=True
                    )
                except BaseException:
                    await connection.close()
                    raise
                self._connection = connection
            return self._exchange
