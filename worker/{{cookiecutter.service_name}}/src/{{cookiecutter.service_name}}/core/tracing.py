"""OpenTelemetry traces: each message continues its producer's trace (``traceparent``
header) in a consumer span; spans go over OTLP when ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import structlog
from opentelemetry import propagate, trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

TRACEPARENT = "traceparent"
# The provider installed by ``install``; without one spans record nothing.
_provider: TracerProvider | None = None


def init_tracing(service: str, endpoint: str | None) -> TracerProvider | None:
    """Install the tracer provider exporting to ``endpoint``; ``None`` when tracing is off."""
    if not endpoint:
        return None
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    exporter = OTLPSpanExporter(endpoint=f"{endpoint.rstrip('/')}/v1/traces")
    provider.add_span_processor(BatchSpanProcessor(exporter))
    install(provider)
    return provider


def install(provider: TracerProvider) -> None:
    """Make ``provider`` the process's tracer provider (the first one installed stays)."""
    global _provider
    trace.set_tracer_provider(provider)
    _provider = provider


@contextmanager
def consumer_span(routing_key: str, headers: Mapping[str, Any]) -> Iterator[trace.Span]:
    """A span for handling one message, child of the producer's span when it sent one.

    With no tracer provider installed the span records nothing, but the producer's trace
    context still travels on to the calls the handler makes.
    """
    if _provider is None and TRACEPARENT not in headers:
        yield trace.INVALID_SPAN  # nothing to record, nothing to pass on
        return
    carrier = {key: value for key, value in headers.items() if isinstance(value, str)}
    with trace.get_tracer(__name__).start_as_current_span(
        f"{routing_key} process",
        context=propagate.extract(carrier),
        kind=trace.SpanKind.CONSUMER,
        attributes={"messaging.system": "rabbitmq", "messaging.destination.name": routing_key},
    ) as span:
        context = span.get_span_context()
        if not context.is_valid:
            yield span
            return
        tokens = structlog.contextvars.bind_contextvars(trace_id=format(context.trace_id, "032x"))
        try:
            yield span
        finally:
            structlog.contextvars.reset_contextvars(**tokens)


def inject(carrier: dict[str, Any]) -> None:
    """Add the current trace context (``traceparent``) to outgoing headers."""
    propagate.inject(carrier)
