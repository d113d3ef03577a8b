"""OpenTelemetry traces (HTTP server and database spans) exported over OTLP, on when
``OTEL_EXPORTER_OTLP_ENDPOINT`` is set; every span carries the request ID, every log line
the trace id. Spans still buffered are exported when the process exits."""

import structlog
from fastapi import FastAPI
from opentelemetry.context import Context
from opentelemetry.sdk.trace import Span, SpanProcessor, TracerProvider
from starlette.types import ASGIApp, Receive, Scope, Send

from {{ cookiecutter.service_name }}.core.request_id import current_request_id
from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings

# Probes and scrapes would drown the interesting traces.
UNTRACED = "health,ready,metrics"
# The span attribute that holds the request ID (the name of the log field).
REQUEST_ID_ATTRIBUTE = "request_id"


def init_tracing(app: FastAPI, settings: Settings) -> bool:
    """Instrument the app and asyncpg; whether tracing started. The exporter and the
    instrumentations are imported lazily: a service without an endpoint does not load them."""
    if not settings.otel_exporter_otlp_endpoint:
        return False
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    # The SDK shuts the provider down at exit, which exports the spans still buffered.
    provider = TracerProvider(resource=Resource.create({"service.name": SERVICE_NAME}))
    provider.add_span_processor(RequestIdSpanProcessor())
    endpoint = settings.otel_exporter_otlp_endpoint.rstrip("/") + "/v1/traces"
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)
    app.add_middleware(TraceIdMiddleware)
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=provider,
        excluded_urls=UNTRACED,
        exclude_spans=["receive", "send"],  # a span per ASGI message is noise
    )
    AsyncPGInstrumentor().instrument(tracer_provider=provider)  # type: ignore[no-untyped-call]
    return True


class TraceIdMiddleware:
    """Binds the current trace id to the log context (runs inside the server span)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        from opentelemetry import trace

        context = trace.get_current_span().get_span_context()
        if not context.is_valid:
            await self.app(scope, receive, send)
            return
        structlog.contextvars.bind_contextvars(trace_id=format(context.trace_id, "032x"))
        try:
            await self.app(scope, receive, send)
        finally:
            structlog.contextvars.unbind_contextvars("trace_id")


class RequestIdSpanProcessor(SpanProcessor):
    """Puts the current request ID on each span started while a request is served (database
    spans; the server span starts before the ID is known and gets it from the request-ID
    middleware)."""

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        request_id = current_request_id()
        if request_id is not None:
            span.set_attribute(REQUEST_ID_ATTRIBUTE, request_id)
