"""OpenTelemetry traces: one span per update, exported over OTLP when an endpoint is set."""

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from {{ cookiecutter.service_name }}.core.settings import Settings

tracer = trace.get_tracer("{{ cookiecutter.service_name }}")


def init_tracing(settings: Settings) -> TracerProvider | None:
    """Export spans to ``OTEL_EXPORTER_OTLP_ENDPOINT``; without one, tracing stays off."""
    if settings.otel_exporter_otlp_endpoint is None:
        return None
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: "{{ cookiecutter.service_name }}"}))
    endpoint = f"{str(settings.otel_exporter_otlp_endpoint).rstrip('/')}/v1/traces"
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)
    return provider
