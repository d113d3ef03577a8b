"""Event deduplication in Redis: ``SET NX EX`` claims an event, a second ``SET`` confirms it.

A claim lives ``claim_ttl`` seconds, so a worker killed mid-handler does not block its
event for long; a confirmed event is remembered for ``ttl`` seconds. The commands of all
messages in flight that are issued together travel in one pipeline: one round trip, not
one per message.
"""

import asyncio
from collections.abc import Callable
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from {{ cookiecutter.service_name }}.application.ports import Claim

PROCESSING = b"processing"
DONE = b"done"

Command = Callable[[Pipeline], object]


class CommandBatcher:
    """Sends the commands queued during one event-loop iteration as one pipeline."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._queued: list[tuple[Command, asyncio.Future[Any]]] = []
        self._flushes: set[asyncio.Task[None]] = set()

    async def run(self, command: Command) -> Any:
        """Queue ``command`` (a call on the pipeline) and wait for its result."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self._queued.append((command, future))
        if len(self._queued) == 1:
            loop.call_soon(self._start_flush)
        return await future

    def _start_flush(self) -> None:
        task = asyncio.create_task(self._flush(self._queued))
        self._queued = []
        self._flushes.add(task)
        task.add_done_callback(self._flushes.discard)

    async def _flush(self, batch: list[tuple[Command, asyncio.Future[Any]]]) -> None:
        try:
            async with self._redis.pipeline(transaction=False) as pipeline:
                for command, _ in batch:
                    command(pipeline)
                results = await pipeline.execute(raise_on_error=False)
        except Exception as exc:
            results = [exc] * len(batch)
        for (_, future), result in zip(batch, results, strict=True):
            if future.done():  # its caller was cancelled
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)


class RedisIdempotency:
    """Keys ``idem:<service>:<event_id>`` holding ``processing`` or ``done``."""

    def __init__(self, redis: Redis, *, service: str, ttl: int, claim_ttl: int) -> None:
        self._redis = redis
        self._batcher = CommandBatcher(redis)
        self._prefix = f"idem:{service}:"
        self._ttl = ttl
        self._claim_ttl = claim_ttl

    async def claim(self, event_id: str) -> Claim:
        """Claim the event unless a delivery did or is doing its work."""
        key = self._prefix + event_id
        if await self._batcher.run(lambda p: p.set(key, PROCESSING, nx=True, ex=self._claim_ttl)):
            return Claim.ACQUIRED
        return Claim.DONE if await self._batcher.run(lambda p: p.get(key)) == DONE else Claim.BUSY

    async def confirm(self, event_id: str) -> None:
        """Remember that the event's effect happened."""
        key = self._prefix + event_id
        await self._batcher.run(lambda p: p.set(key, DONE, ex=self._ttl))

    async def release(self, event_id: str) -> None:
        """Drop a claim after a failure, so that the retry can claim the event."""
        key = self._prefix + event_id
        await self._batcher.run(lambda p: p.delete(key))

    async def ping(self) -> bool:
        """Readiness check: Redis answers."""
        return bool(await self._redis.ping())
