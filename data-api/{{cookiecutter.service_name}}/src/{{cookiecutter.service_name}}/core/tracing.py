"""OpenTelemetry traces (HTTP server and database spans) exported over OTLP, on when
``OTEL_EXPORTER_OTLP_ENDPOINT`` is set; the trace id goes into every log line."""

import structlog
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings

# Probes and scrapes would drown the interesting traces.
UNTRACED = "health,ready,metrics"


def init_tracing(app: FastAPI, settings: Settings) -> bool:
    """Instrument the app and asyncpg; whether tracing started. The SDK is imported lazily:
    a service without an endpoint does not load it."""
    if not settings.otel_exporter_otlp_endpoint:
        return False
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": SERVICE_NAME}))
    endpoint = settings.otel_exporter_otlp_endpoint.rstrip("/") + "/v1/traces"
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)
    app.add_middleware(TraceIdMiddleware)
    FastAPIInstrumentor.instrument_app(app, tracer_provider=provider, excluded_urls=UNTRACED)
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
