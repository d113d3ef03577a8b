{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace('_', '') -%}
"""The business API client against a fake business API on a loopback port."""

import socket

import pytest
{%- if cookiecutter.maturity_level | int >= 4 %}
from opentelemetry.sdk.trace import TracerProvider
{%- endif %}
{%- if cookiecutter.maturity_level | int >= 2 %}
from structlog.contextvars import clear_contextvars
{%- endif %}

{% if cookiecutter.maturity_level | int >= 2 -%}
from {{ cookiecutter.service_name }}.core.request_id import bind_request_id
{% endif -%}
from {{ cookiecutter.service_name }}.domain.resource import {{ Res }}
from {{ cookiecutter.service_name }}.infrastructure.business_api import (
    BusinessApiClient,
    BusinessApiRejected,
    BusinessApiUnavailable,
)

from tests.fake_business_api import PATH, FakeBusinessApi


async def create(
    client: BusinessApiClient, name: str, description: str | None, idempotency_key: str
) -> {{ Res }}:
    return await client.create_{{ res }}(name, description, idempotency_key)


async def test_creates_with_the_idempotency_key(
    business_api: BusinessApiClient, business: FakeBusinessApi
) -> None:
    created = await create(business_api, "Tulip", None, idempotency_key="key-1")
    again = await create(business_api, "Tulip", None, idempotency_key="key-1")

    assert (created.id, created.name, created.description) == (1, "Tulip", None)
    assert again == created
    assert len(business.created) == 1
    [first, _] = business.requests
    assert (first.method, first.path) == ("POST", PATH)
    assert first.headers["Idempotency-Key"] == "key-1"


async def test_retries_what_the_api_could_not_serve(
    business_api: BusinessApiClient, business: FakeBusinessApi
) -> None:
    business.failures = [503, 429]

    created = await create(business_api, "Tulip", "Red", idempotency_key="key-2")

    assert created.id == 1
    assert len(business.requests) == 3


async def test_gives_up_after_three_attempts(
    business_api: BusinessApiClient, business: FakeBusinessApi
) -> None:
    business.failures = [502, 503, 504, 503]

    with pytest.raises(BusinessApiUnavailable):
        await create(business_api, "Tulip", None, idempotency_key="key-3")
    assert len(business.requests) == 3
    assert not business.created


async def test_an_internal_error_is_not_retried(
    business_api: BusinessApiClient, business: FakeBusinessApi
) -> None:
    business.failures = [500]

    with pytest.raises(BusinessApiUnavailable):
        await create(business_api, "Tulip", None, idempotency_key="key-4")
    assert len(business.requests) == 1


async def test_a_refusal_carries_the_problem_detail(
    business_api: BusinessApiClient, business: FakeBusinessApi
) -> None:
    business.failures = [409]

    with pytest.raises(BusinessApiRejected) as refused:
        await create(business_api, "Tulip", None, idempotency_key="key-5")
    assert (refused.value.status, refused.value.detail) == (409, "Rejected")


async def test_an_unreachable_api_is_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"  # nothing listens there

    async with BusinessApiClient(url, timeout_seconds=1) as client:
        with pytest.raises(BusinessApiUnavailable):
            await create(client, "Tulip", None, idempotency_key="key-6")


async def test_outside_async_with_is_a_programming_error() -> None:
    client = BusinessApiClient("http://127.0.0.1:9", timeout_seconds=1)

    with pytest.raises(RuntimeError, match="async with"):
        await create(client, "Tulip", None, idempotency_key="key-7")
{%- if cookiecutter.maturity_level | int >= 2 %}


async def test_forwards_the_request_id(
    business_api: BusinessApiClient, business: FakeBusinessApi
) -> None:
    bind_request_id("abc123")
    try:
        await create(business_api, "Tulip", None, idempotency_key="key-8")
    finally:
        clear_contextvars()

    assert business.requests[0].headers["X-Request-ID"] == "abc123"
{%- endif %}
{%- if cookiecutter.maturity_level | int >= 4 %}


async def test_continues_the_update_trace(
    business_api: BusinessApiClient, business: FakeBusinessApi
) -> None:
    with TracerProvider().get_tracer("test").start_as_current_span("update") as span:
        await create(business_api, "Tulip", None, idempotency_key="key-9")

    trace_id = format(span.get_span_context().trace_id, "032x")
    assert business.requests[0].headers["traceparent"].split("-")[1] == trace_id
{%- endif %}
