"""Publishing with publisher confirms: a publish returns once the broker has the message."""

from collections.abc import Mapping
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, HeadersType

# Headers the broker sets on a delivery; a copy must not carry them.
_BROKER_HEADERS = frozenset({"x-delivery-count"})


class Publisher:
    """Publishes on a channel opened with confirms; unroutable messages raise."""

    def __init__(self, channel: AbstractChannel) -> None:
        self._channel = channel

    async def to_queue(self, queue: str, message: aio_pika.Message) -> None:
        """Put ``message`` straight into ``queue`` through the default exchange."""
        await self._channel.default_exchange.publish(message, routing_key=queue, mandatory=True)

    async def to_exchange(self, exchange: str, routing_key: str, message: aio_pika.Message) -> None:
        """Publish ``message`` on ``exchange`` (declared elsewhere) with ``routing_key``."""
        target = await self._channel.get_exchange(exchange, ensure=False)
        await target.publish(message, routing_key=routing_key, mandatory=True)


def event_message(body: bytes, headers: HeadersType, *, message_id: str) -> aio_pika.Message:
    """A persistent JSON message, as every event travels."""
    return aio_pika.Message(
        body,
        headers=headers,
        message_id=message_id,
        content_type="application/json",
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
    )


def copy_of(message: AbstractIncomingMessage, headers: Mapping[str, Any]) -> aio_pika.Message:
    """A persistent copy of a delivery with ``headers`` added, for the retry or dead-letter path."""
    kept = {key: value for key, value in message.headers.items() if key not in _BROKER_HEADERS}
    return aio_pika.Message(
        message.body,
        headers={**kept, **headers},
        content_type=message.content_type,
        content_encoding=message.content_encoding,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=message.message_id,
        correlation_id=message.correlation_id,
        timestamp=message.timestamp,
        type=message.type,
        app_id=message.app_id,
    )
