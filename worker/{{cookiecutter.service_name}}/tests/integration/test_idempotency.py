import asyncio
import uuid

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from structlog.testing import capture_logs

from {{ cookiecutter.service_name }}.application.handlers import EVENT_NAME
from {{ cookiecutter.service_name }}.application.ports import Claim
from {{ cookiecutter.service_name }}.application.registry import HandlerRegistry
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.domain.events import EventEnvelope
from {{ cookiecutter.service_name }}.infrastructure.idempotency import RedisIdempotency

from tests.factories import envelope_json
from tests.integration.test_consumer import TIMEOUT, consumer_for, publish, queued_messages


def store_for(redis: Redis, *, claim_ttl: int = 60) -> RedisIdempotency:
    return RedisIdempotency(
        redis, service=f"test_{uuid.uuid4().hex[:8]}", ttl=60, claim_ttl=claim_ttl
    )


async def test_an_event_is_claimed_once_then_done(redis: Redis) -> None:
    store = store_for(redis)

    assert await store.claim("e-1") is Claim.ACQUIRED
    assert await store.claim("e-1") is Claim.BUSY
    await store.confirm("e-1")
    assert await store.claim("e-1") is Claim.DONE
    assert await store.ping()


async def test_a_released_or_expired_claim_can_be_taken_again(redis: Redis) -> None:
    store = store_for(redis, claim_ttl=1)

    assert await store.claim("e-1") is Claim.ACQUIRED
    await store.release("e-1")
    assert await store.claim("e-1") is Claim.ACQUIRED
    await asyncio.sleep(1.1)
    assert await store.claim("e-1") is Claim.ACQUIRED


async def test_commands_issued_together_share_one_round_trip(redis: Redis) -> None:
    store = store_for(redis)

    claims = await asyncio.gather(*(store.claim(f"e-{n}") for n in range(20)))
    await asyncio.gather(*(store.confirm(f"e-{n}") for n in range(20)))

    assert set(claims) == {Claim.ACQUIRED}
    assert set(await asyncio.gather(*(store.claim(f"e-{n}") for n in range(20)))) == {Claim.DONE}


async def test_a_cancelled_caller_does_not_disturb_the_others(redis: Redis) -> None:
    store = store_for(redis)

    cancelled = asyncio.create_task(store.claim("e-1"))
    other = asyncio.create_task(store.claim("e-2"))
    await asyncio.sleep(0)
    cancelled.cancel()

    assert await other is Claim.ACQUIRED
    with pytest.raises(asyncio.CancelledError):
        await cancelled


async def test_an_unreachable_redis_fails_the_commands() -> None:
    unreachable = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=1)
    store = store_for(unreachable)

    with pytest.raises(RedisConnectionError):
        await store.claim("e-1")
    with pytest.raises(RedisConnectionError):
        await store.ping()
    await unreachable.aclose()


async def test_a_duplicated_event_is_handled_once(settings: Settings, redis: Redis) -> None:
    handled: list[EventEnvelope] = []

    async def handler(event: EventEnvelope) -> None:
        handled.append(event)

    registry = HandlerRegistry()
    registry.register(EVENT_NAME, handler)
    consumer = consumer_for(settings, registry, idempotency=store_for(redis))
    await consumer.start()

    body = envelope_json()
    with capture_logs() as logs:
        await publish(settings, body, body, body)
        for _ in range(TIMEOUT * 20):
            if [log["event"] for log in logs].count("message.duplicate") == 2:
                break
            await asyncio.sleep(0.05)
    assert await consumer.stop(grace_period=TIMEOUT)

    assert len(handled) == 1
    assert await queued_messages(settings) == 0
