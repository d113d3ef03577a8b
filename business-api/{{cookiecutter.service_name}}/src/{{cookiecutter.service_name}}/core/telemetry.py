"""OpenTelemetry traces: a server span per request, a client span per data-api call (its W3C
``traceparent`` header continues the trace in the data-api) and a producer span per event
published; every span carries the request ID, and the request's log lines its ``trace_id`` and
``span_id``. Exported over OTLP/HTTP when ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set; otherwise off
(the exporter and instrumentations not even imported)."""

from typing import TYPE_CHECKING, Any

import aiohttp
import structlog
from fastapi import FastAPI
from opentelemetry.context import Context
from opentelemetry.sdk.trace import Span, SpanProcessor, TracerProvider

from {{ cookiecutter.service_name }}.core.request_id import request_id_var
from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings

if TYPE_CHECKING:
    from opentelemetry.sdk.trace.export import SpanExporter
    from opentelemetry.trace import Span as CurrentSpan

# The span attribute that holds the request ID (the name of the log field).
REQUEST_ID_ATTRIBUTE = "request_id"
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
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": SERVICE_NAME}))
    provider.add_span_processor(RequestIdSpanProcessor())
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
        exclude_spans=["receive", "send"],  # a span per ASGI message is noise
    )
    app.state.tracer_provider = provider  # the lifespan shuts it down, exporting what is left
    return [create_trace_config(tracer_provider=provider)]


def log_trace_ids(span: "CurrentSpan", _scope: dict[str, Any]) -> None:
    """Put the server span's ids into the log context, from where every log line of the
    request takes them (error handlers and access log included). The ASGI server runs each
    request in a task of its own, with its own copy of the context: nothing leaks."""
    context = span.get_span_context()
    structlog.contextvars.bind_contextvars(
        trace_id=format(context.trace_id, "032x"),
        span_id=format(context.span_id, "016x"),
    )


class RequestIdSpanProcessor(SpanProcessor):
    """Puts the current request ID on each span started while a request is served (client
    and producer spans; the server span starts before the ID is known and gets it from the
    request-ID middleware)."""

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        request_id = request_id_var.get()
        if request_id is not None:
            span.set_attribute(REQUEST_ID_ATTRIBUTE, request_id)
