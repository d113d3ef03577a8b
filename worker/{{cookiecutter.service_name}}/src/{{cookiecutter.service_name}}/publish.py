"""Publish sample events, to try the worker by hand (``make publish`` runs the first line):

python -m {{ cookiecutter.service_name }}.publish
python -m {{ cookiecutter.service_name }}.publish --payload '{"id": 7}' --count 100
"""

import argparse
import asyncio
import json
import sys
import uuid
from datetime import UTC, datetime
from typing import Any

import aio_pika
from aio_pika.exceptions import DeliveryError

from {{ cookiecutter.service_name }}.application.handlers import EVENT_NAME
from {{ cookiecutter.service_name }}.core.config import SettingsError
{%- if cookiecutter.maturity_level|int >= 2 %}
from {{ cookiecutter.service_name }}.core.request_id import REQUEST_ID_HEADER
{%- endif %}
from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings, load_settings
{%- if cookiecutter.maturity_level|int >= 4 %}
from {{ cookiecutter.service_name }}.core.tracing import inject
{%- endif %}
from {{ cookiecutter.service_name }}.domain.events import EventEnvelope
from {{ cookiecutter.service_name }}.infrastructure.publisher import Publisher, event_message


def sample_event(routing_key: str, payload: dict[str, Any]) -> EventEnvelope:
    """A fresh envelope as a producer would send it."""
    return EventEnvelope(
        event_id=uuid.uuid4(),
        event_type=routing_key,
        version=1,
        occurred_at=datetime.now(UTC),
        producer=f"{SERVICE_NAME}.publish",
        request_id=uuid.uuid4().hex,
        payload=payload,
    )


async def publish(settings: Settings, events: list[EventEnvelope]) -> None:
    """Publish ``events`` on the worker's exchange, each confirmed by the broker."""
    connection = await aio_pika.connect(settings.rabbitmq_url)
    async with connection:
        channel = await connection.channel(on_return_raises=True)
        await channel.declare_exchange(
            settings.rabbitmq_exchange, aio_pika.ExchangeType.TOPIC, durable=True
        )
        publisher = Publisher(channel)
        for event in events:
            headers: dict[str, Any] = {}
{%- if cookiecutter.maturity_level|int >= 2 %}
            headers[REQUEST_ID_HEADER] = event.request_id
{%- endif %}
{%- if cookiecutter.maturity_level|int >= 4 %}
            inject(headers)
{%- endif %}
            message = event_message(
                event.model_dump_json().encode(), headers, message_id=str(event.event_id)
            )
            await publisher.to_exchange(settings.rabbitmq_exchange, event.event_type, message)


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, publish, print each event's JSON on its own line."""
    parser = argparse.ArgumentParser(description="Publish sample events for the worker.")
    parser.add_argument("--routing-key", default=EVENT_NAME, help="event type and routing key")
    parser.add_argument("--payload", default='{"id": 1}', help="the payload as a JSON object")
    parser.add_argument("--count", type=int, default=1, help="how many events to publish")
    args = parser.parse_args(argv)
    try:
        payload = json.loads(args.payload)
        settings = load_settings()
        events = [sample_event(args.routing_key, payload) for _ in range(args.count)]
    except (ValueError, SettingsError) as error:
        sys.exit(f"Nothing published: {error}")
    try:
        asyncio.run(publish(settings, events))
    except DeliveryError:
        sys.exit(
            f"Nothing published: no queue is bound to {args.routing_key!r} "
            f"on {settings.rabbitmq_exchange!r} yet; start the worker first."
        )
    for event in events:
        print(event.model_dump_json())


if __name__ == "__main__":
    main()
