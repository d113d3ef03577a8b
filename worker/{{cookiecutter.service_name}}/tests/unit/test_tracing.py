from aiohttp.test_utils import TestServer
from opentelemetry import trace
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from purgatory import AsyncCircuitBreakerFactory

from {{ cookiecutter.service_name }}.core.request_id import request_id_scope
from {{ cookiecutter.service_name }}.core.tracing import (
    consumer_span,
    init_tracing,
    inject,
    install,
    tracer_provider,
)
from {{ cookiecutter.service_name }}.infrastructure.data_api import DataApiClient, create_session

from tests.fake_data_api import FakeDataApi

EXPORTER = InMemorySpanExporter()
PROVIDER = tracer_provider("svc")
PROVIDER.add_span_processor(SimpleSpanProcessor(EXPORTER))
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


def setup_module() -> None:
    install(PROVIDER)


def test_a_message_continues_the_producers_trace() -> None:
    EXPORTER.clear()

    with consumer_span("order.created", {"traceparent": PARENT, "x-attempt": 1}) as span:
        pass

    assert format(span.get_span_context().trace_id, "032x") == TRACE_ID
    [finished] = EXPORTER.get_finished_spans()
    assert finished.name == "order.created process"
    assert finished.kind is trace.SpanKind.CONSUMER


def test_the_consumer_span_carries_the_messages_request_id() -> None:
    EXPORTER.clear()

    with request_id_scope("req-42"), consumer_span("order.created", {"traceparent": PARENT}):
        pass

    [finished] = EXPORTER.get_finished_spans()
    assert finished.attributes == {
        "messaging.system": "rabbitmq",
        "messaging.destination.name": "order.created",
        "request_id": "req-42",
    }


async def test_each_data_api_attempt_is_a_client_span_under_the_message() -> None:
    message_headers = {"traceparent": PARENT}
    fake = FakeDataApi()
    fake.failures = [503]  # the first attempt fails, the retry succeeds
    server = TestServer(fake.app())
    await server.start_server()
    base_url, url = str(server.make_url("")), str(server.make_url("/api/v1/items"))
    EXPORTER.clear()
    try:
        async with create_session(timeout=2, connect_timeout=1) as session:
            breaker = AsyncCircuitBreakerFactory()
            client = DataApiClient(session, base_url, "items", breaker=breaker, backoff_seconds=0)
            with request_id_scope("req-42"), consumer_span("order.created", message_headers):
                await client.create({"name": "loan 1"}, idempotency_key="event-1")
    finally:
        await server.close()

    *attempts, consumer = EXPORTER.get_finished_spans()
    assert consumer.kind is trace.SpanKind.CONSUMER
    assert [(span.name, span.kind) for span in attempts] == [("POST", trace.SpanKind.CLIENT)] * 2
    assert all(span.parent == consumer.context for span in attempts)
    assert [span.attributes for span in attempts] == [
        {"http.method": "POST", "http.url": url, "http.status_code": status, "request_id": "req-42"}
        for status in (503, 201)
    ]
    # Each attempt's own span, and only it, is the parent of the data-api's side.
    assert [request["traceparent"] for request in fake.requests] == [
        f"00-{TRACE_ID}-{span.context.span_id:016x}-01" for span in attempts
    ]


def test_without_a_parent_a_new_trace_starts() -> None:
    with consumer_span("order.created", {}) as span:
        carrier: dict[str, object] = {}
        inject(carrier)

    assert format(span.get_span_context().trace_id, "032x") != TRACE_ID
    assert "traceparent" in carrier


def test_tracing_is_off_without_an_endpoint() -> None:
    assert init_tracing("svc", None) is None


def test_an_endpoint_installs_an_otlp_exporter() -> None:
    provider = init_tracing("svc", "http://collector:4318")

    assert provider is not None
    assert provider.resource.attributes["service.name"] == "svc"
    provider.shutdown()
