{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set traced = cookiecutter.maturity_level|int >= 4 -%}
{%- set imports = {pkg ~ ".core.settings": ["Settings"], pkg ~ ".main": ["create_app"]} -%}
{%- if traced %}{% set _ = imports.update({
    pkg ~ ".domain.events": [Res ~ "Event"],
    pkg ~ ".infrastructure.rabbitmq": ["RabbitMqPublisher"],
}) %}{% endif -%}
"""Events on the real RabbitMQ from RABBITMQ_URL: persistent, confirmed, in the envelope{% if traced %},
with the trace context of their producer span{% endif %}."""

import json
import uuid
from collections.abc import AsyncIterator

import aio_pika
import httpx
import pytest
from aio_pika.abc import AbstractQueue
{%- if traced %}
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
{%- endif %}

{{ from_imports(imports) }}

pytestmark = pytest.mark.integration

URL = "/api/v1/{{ cookiecutter.resource_plural }}"


@pytest.fixture
def exchange() -> str:
    return f"test.{uuid.uuid4().hex}"


@pytest.fixture
async def queue(rabbitmq_url: str, exchange: str) -> AsyncIterator[AbstractQueue]:
    """A temporary queue bound to every event of a throw-away exchange."""
    connection = await aio_pika.connect_robust(rabbitmq_url)
    channel = await connection.channel()
    declared = await channel.declare_exchange(exchange, aio_pika.ExchangeType.TOPIC, durable=True)
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(declared, routing_key="{{ res }}.*")
    yield queue
    await declared.delete()
    await connection.close()


async def test_a_create_through_the_api_publishes_its_event(
    live_settings: Settings,
    auth_headers: dict[str, str],
    exchange: str,
    queue: AbstractQueue,
) -> None:
    settings = live_settings.model_copy(update={"rabbitmq_exchange": exchange})
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=auth_headers
        ) as client:
            created = await client.post(URL, json={"name": "First"})
            ready = await client.get("/ready")

    assert created.status_code == 201
    assert ready.json()["checks"]["rabbitmq"] == "ok"
    message = await queue.get(timeout=5)
    await message.ack()
    body = json.loads(message.body)
    assert message.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
    assert message.routing_key == "{{ res }}.created"
    assert body["event_type"] == "{{ res }}.created"
    assert body["payload"]["id"] == created.json()["id"]
    assert message.message_id == body["event_id"]
{%- if cookiecutter.maturity_level|int >= 2 %}
    assert message.headers["x-request-id"] == created.headers["x-request-id"]
{%- endif %}
{%- if traced %}


async def test_an_event_continues_the_trace_of_its_publish(
    rabbitmq_url: str, exchange: str, queue: AbstractQueue
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    publisher = RabbitMqPublisher(rabbitmq_url, exchange, 5.0, tracer_provider=provider)
    try:
        await publisher.publish({{ Res }}Event("deleted", 1))
    finally:
        await publisher.close()

    message = await queue.get(timeout=5)
    await message.ack()
    [span] = exporter.get_finished_spans()
    assert span.kind is SpanKind.PRODUCER
    assert span.name == "{{ res }}.deleted publish"
    _, trace_id, parent_id, _ = str(message.headers["traceparent"]).split("-")
    assert trace_id == f"{span.context.trace_id:032x}"
    assert parent_id == f"{span.context.span_id:016x}"
{%- endif %}
