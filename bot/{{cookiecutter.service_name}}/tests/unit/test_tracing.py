from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pydantic import AnyHttpUrl

from {{ cookiecutter.service_name }}.api.middlewares import tracking
from {{ cookiecutter.service_name }}.core import tracing
from {{ cookiecutter.service_name }}.core.settings import Settings

from tests.conftest import Feed
from tests.fake_telegram import message_update


def test_off_without_an_endpoint(settings: Settings) -> None:
    assert tracing.init_tracing(settings) is None


def test_exports_over_otlp_http(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    installed: list[Any] = []
    monkeypatch.setattr(trace, "set_tracer_provider", installed.append)
    settings = settings.model_copy(
        update={"otel_exporter_otlp_endpoint": AnyHttpUrl("http://collector:4318")}
    )

    provider = tracing.init_tracing(settings)

    assert isinstance(provider, TracerProvider)
    assert installed == [provider]
    assert provider.resource.attributes["service.name"] == "{{ cookiecutter.service_name }}"
    provider.shutdown()


async def test_each_update_is_a_span(feed: Feed, monkeypatch: pytest.MonkeyPatch) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(tracking, "tracer", provider.get_tracer("test"))

    await feed(message_update("hello", update_id=9))

    [span] = exporter.get_finished_spans()
    assert span.name == "telegram.message"
    assert span.attributes == {"telegram.update_id": 9}


async def test_the_update_span_carries_its_request_id(
    feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(tracing.RequestIdSpanProcessor())
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(tracking, "tracer", provider.get_tracer("test"))

    await feed(message_update("hello", update_id=9))

    [span] = exporter.get_finished_spans()
    request_id = (span.attributes or {})["request_id"]
    assert isinstance(request_id, str) and request_id not in ("", "-")
