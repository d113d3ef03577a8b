from opentelemetry import trace
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from {{ cookiecutter.service_name }}.core.request_id import outgoing_headers, request_id_scope
from {{ cookiecutter.service_name }}.core.tracing import (
    consumer_span,
    init_tracing,
    inject,
    install,
    tracer_provider,
)

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
        headers = outgoing_headers()

    assert format(span.get_span_context().trace_id, "032x") == TRACE_ID
    assert headers["traceparent"].split("-")[1] == TRACE_ID
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
