"""OpenTelemetry traces: a server span per request and a client span per data-api call, whose
W3C ``traceparent`` header continues the trace in the data-api; the request's log lines carry
its ``trace_id`` and ``span_id``. Exported over OTLP/HTTP when ``OTEL_EXPORTER_OTLP_ENDPOINT``
is set; off (and the SDK not even imported) otherwise."""

from typing import TYPE_CHECKING, Any

import aiohttp
import structlog
from fastapi import FastAPI

from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings

if TYPE_CHECKING:
    from opentelemetry.sdk.trace.export import SpanExporter
    from opentelemetry.trace import Span

UNTRACED_URLS = "health,ready,metrics"


def init_tracing(
    app: FastAPI,
    settings: Settings,
    exporter: "SpanExporter | None" = None,
) -> list[aiohttp.TraceConfig]:
    """Trace the app; return the trace configs for the data-api client session (none if off).

    ``exporter`` replaces the OTLP exporter (tests pass an in-memory one).
    """
    endpoint = settings.otel_exporter_otlp_endpoint
    if exporter is None and endpoint is None:
        return []
    # Heavy modules, imported only when tracing is on.
    from opentelemetry.instrumentation.aiohttp_client import create_trace_config
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": SERVICE_NAME}))
    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        traces_url = f"{str(endpoint).rstrip('/')}/v1/traces"
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=traces_url)))
    else:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=provider,
        excluded_urls=UNTRACED_URLS,
        server_request_hook=log_trace_ids,
    )
    app.state.tracer_provider = provider  # the lifespan shuts it down (flushing spans)
    return [create_trace_config(tracer_provider=provider)]


def log_trace_ids(span: "Span", _scope: dict[str, Any]) -> None:
    """Put the server span's ids into the log context, from where every log line of the
    request takes them (error handlers and access log included). The ASGI server runs each
    request in a task of its own, with its own copy of the context: nothing leaks."""
    context = span.get_span_context()
    structlog.contextvars.bind_contextvars(
        trace_id=format(context.trace_id, "032x"),
        span_id=format(context.span_id, "016x"),
    )
