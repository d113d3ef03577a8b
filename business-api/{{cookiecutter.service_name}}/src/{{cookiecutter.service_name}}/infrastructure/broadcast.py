{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set redis = cookiecutter.use_redis == "yes" -%}
{%- set imports = {
    pkg ~ ".domain.events": [Res ~ "Event"],
    pkg ~ ".infrastructure.events": ["envelope"],
} -%}
{%- if redis %}{% set _ = imports.update({
    pkg ~ ".core.settings": ["SERVICE_NAME"],
    pkg ~ ".domain.errors": ["EventPublishError"],
}) %}{% endif -%}
"""Fan-out of events to WebSocket subscribers.

{% if redis -%}
Events go through a Redis pub/sub channel, so a subscriber connected to any replica receives
the events of every replica: each replica forwards what the channel carries to its own
subscribers.
{%- else -%}
Events reach the subscribers of this process only: with several replicas, a subscriber sees
the events of the replica it is connected to (bake with ``use_redis`` for a shared channel).
{%- endif %}
A subscriber that falls ``QUEUE_SIZE`` events behind is dropped rather than slowing the
others down.
"""

import asyncio
import json
{%- if redis %}
from contextlib import suppress
{%- endif %}

import structlog
{%- if redis %}
from redis.asyncio import Redis
from redis.exceptions import RedisError
{%- endif %}

{{ from_imports(imports) }}

logger = structlog.get_logger(__name__)

QUEUE_SIZE = 100
{%- if redis %}
CHANNEL = f"events:{SERVICE_NAME}:{{ res }}"
{%- endif %}


class Subscription:
    """One subscriber's queue of event texts; ``dropped`` once it fell too far behind."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[str] = asyncio.Queue(QUEUE_SIZE)
        self.dropped = asyncio.Event()


class LocalHub:
    """The subscribers connected to this process."""

    def __init__(self) -> None:
        self._subscriptions: set[Subscription] = set()

    def subscribe(self) -> Subscription:
        subscription = Subscription()
        self._subscriptions.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscriptions.discard(subscription)

    def deliver(self, text: str) -> None:
        for subscription in list(self._subscriptions):
            try:
                subscription.queue.put_nowait(text)
            except asyncio.QueueFull:
                logger.warning("websocket.subscriber_dropped")
                self.unsubscribe(subscription)
                subscription.dropped.set()
{%- if redis %}


class RedisBroadcaster:
    """``EventPublisher`` over Redis pub/sub; ``run()`` forwards the channel to the hub."""

    def __init__(self, redis: Redis, hub: LocalHub) -> None:
        self._redis = redis
        self.hub = hub

    async def publish(self, event: {{ Res }}Event) -> None:
        try:
            await self._redis.publish(CHANNEL, json.dumps(envelope(event)))
        except (RedisError, OSError) as exc:
            logger.error("event.push_failed", event_type=event.event_type, error=str(exc))
            raise EventPublishError("the event could not be pushed to subscribers") from exc

    async def run(self) -> None:
        """Forward the channel to local subscribers until cancelled; resubscribe on errors."""
        while True:
            try:
                async with self._redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    async for message in pubsub.listen():
                        self.hub.deliver(message["data"].decode())
            except (RedisError, OSError) as exc:
                logger.warning("websocket.channel_lost", error=str(exc))
                await asyncio.sleep(1.0)

    async def start(self) -> asyncio.Task[None]:
        return asyncio.create_task(self.run(), name="websocket-fan-out")


async def stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with suppress(asyncio.CancelledError):
        await task
{%- else %}


class LocalBroadcaster:
    """``EventPublisher`` that hands each event to this process's subscribers."""

    def __init__(self, hub: LocalHub) -> None:
        self.hub = hub

    async def publish(self, event: {{ Res }}Event) -> None:
        self.hub.deliver(json.dumps(envelope(event)))
{%- endif %}
