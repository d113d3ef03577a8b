{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""The circuit breaker: opens after repeated failures, fails fast, closes after recovery."""

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest

{{ from_imports({
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain.errors": ["DataSourceUnavailableError", Res ~ "NotFoundError"],
    pkg ~ ".infrastructure.circuit_breaker": ["CircuitBreaker", "CircuitOpenError"],
    pkg ~ ".infrastructure.http": ["create_http_session"],
    pkg ~ ".infrastructure." ~ res ~ "_repository": ["DataApi" ~ Res ~ "Repository"],
}) }}

from ..data_api_stub import DataApiStub


def state(breaker: CircuitBreaker) -> str:
    return breaker.state


def test_it_opens_after_the_threshold_and_lets_one_trial_through() -> None:
    breaker = CircuitBreaker("dep", failure_threshold=2, reset_timeout_seconds=0.05)

    breaker.before_call()
    breaker.record_failure()
    assert state(breaker) == "closed"
    breaker.record_failure()
    assert state(breaker) == "open"
    with pytest.raises(CircuitOpenError):
        breaker.before_call()


async def test_a_failed_trial_opens_it_again_and_a_good_one_closes_it() -> None:
    breaker = CircuitBreaker("dep", failure_threshold=1, reset_timeout_seconds=0.05)
    breaker.record_failure()

    await asyncio.sleep(0.06)
    assert state(breaker) == "half-open"
    breaker.before_call()
    with pytest.raises(CircuitOpenError):
        breaker.before_call()  # only one trial at a time
    breaker.record_failure()
    assert state(breaker) == "open"

    await asyncio.sleep(0.06)
    breaker.before_call()
    breaker.record_success()
    assert state(breaker) == "closed"


@pytest.fixture
async def session(settings: Settings) -> AsyncIterator[aiohttp.ClientSession]:
    async with create_http_session(settings) as session:
        yield session


async def test_the_client_fails_fast_while_open_and_recovers(
    session: aiohttp.ClientSession,
    data_api: DataApiStub,
) -> None:
    breaker = CircuitBreaker("data-api", failure_threshold=2, reset_timeout_seconds=0.2)
    repository = DataApi{{ Res }}Repository(
        session,
        data_api.url,
        attempts=1,
        breaker=breaker,
    )
    data_api.fail_next = 2
    for _ in range(2):
        with pytest.raises(DataSourceUnavailableError):
            await repository.get(1)
    sent = len(data_api.requests)

    with pytest.raises(CircuitOpenError):
        await repository.get(1)
    assert len(data_api.requests) == sent  # failed without a call

    await asyncio.sleep(0.25)
    with pytest.raises({{ Res }}NotFoundError):  # the data-api answers again
        await repository.get(1)
    assert state(breaker) == "closed"
