"""OpenTelemetry traces: one span per update, with the update's request ID, exported over
OTLP when an endpoint is set."""

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from {{ cookiecutter.service_name }}.core.request_id import current_request_id
from {{ cookiecutter.service_name }}.core.settings import Settings

# The span attribute that holds the request ID (the name of the log field).
REQUEST_ID_ATTRIBUTE = "request_id"

tracer = trace.get_tracer("{{ cookiecutter.service_name }}")


def init_tracing(settings: Settings) -> TracerProvider | None:
    """Export spans to ``OTEL_EXPORTER_OTLP_ENDPOINT``; without one, tracing stays off."""
    if settings.otel_exporter_otlp_endpoint is None:
        return None
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: "{{ cookiecutter.service_name }}"}))
    endpoint = f"{str(settings.otel_exporter_otlp_endpoint).rstrip('/')}/v1/traces"
    provider.add_span_processor(RequestIdSpanProcessor())
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)
    return provider


class RequestIdSpanProcessor(SpanProcessor):
    """Puts the request ID of the update being handled on each span started meanwhile (the
    request-ID middleware runs before the one that opens the update's span)."""

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        request_id = current_request_id()
        if request_id != "-":  # the default outside an update
            span.set_attribute(REQUEST_ID_ATTRIBUTE, request_id)
