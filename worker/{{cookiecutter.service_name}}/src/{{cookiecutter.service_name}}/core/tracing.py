"""OpenTelemetry traces: each message continues its producer's trace (``traceparent``
header) in a consumer span, its data-api requests are client spans under it
(``infrastructure/data_api.py``); every span carries the request ID. Spans go over OTLP when
``OTEL_EXPORTER_OTLP_ENDPOINT`` is set."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import structlog
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from {{ cookiecutter.service_name }}.core.request_id import request_id_var

TRACEPARENT = "traceparent"
# The span attribute that holds the request ID (the name of the log field).
REQUEST_ID_ATTRIBUTE = "request_id"
# The provider installed by ``install``; without one spans record nothing.
_provider: TracerProvider | None = None


def init_tracing(service: str, endpoint: str | None) -> TracerProvider | None:
    """Install the tracer provider exporting to ``endpoint``; ``None`` when tracing is off."""
    if not endpoint:
        return None
    provider = tracer_provider(service)
    exporter = OTLPSpanExporter(endpoint=f"{endpoint.rstrip('/')}/v1/traces")
    provider.add_span_processor(BatchSpanProcessor(exporter))
    install(provider)
    return provider


def tracer_provider(service: str) -> TracerProvider:
    """A provider for ``service`` that puts the request ID on every span; no exporter yet."""
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    provider.add_span_processor(RequestIdSpanProcessor())
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


class RequestIdSpanProcessor(SpanProcessor):
    """Puts the request ID of the message being handled on each span started meanwhile."""

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        request_id = request_id_var.get()
        if request_id is not None:
            span.set_attribute(REQUEST_ID_ATTRIBUTE, request_id)
