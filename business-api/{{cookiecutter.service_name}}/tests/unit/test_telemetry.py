{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""Traces: a server span per request, continued in the data-api through ``traceparent``; the
request ID on every span; the trace's ids in the request's log lines."""

import json

import httpx
import pytest
import structlog
from fastapi import FastAPI
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

{{ from_imports({
    pkg ~ ".api.request_id": ["RequestIdMiddleware"],
    pkg ~ ".core.logging": ["configure_logging"],
    pkg ~ ".core.settings": ["SERVICE_NAME", "Settings"],
    pkg ~ ".core.telemetry": ["init_tracing"],
    pkg ~ ".domain.errors": [Res ~ "NotFoundError"],
    pkg ~ ".infrastructure.http": ["create_http_session"],
    pkg ~ ".infrastructure." ~ res ~ "_repository": ["DataApi" ~ Res ~ "Repository"],
}) }}

from ..data_api_stub import DataApiStub


def test_tracing_is_off_without_an_endpoint(settings: Settings) -> None:
    assert init_tracing(FastAPI(), settings) == []


def test_an_endpoint_turns_otlp_export_on(settings: Settings) -> None:
    endpoint = {"otel_exporter_otlp_endpoint": "http://127.0.0.1:4318"}
    app = FastAPI()

    assert len(init_tracing(app, settings.model_copy(update=endpoint))) == 1
    app.state.tracer_provider.shutdown()


async def test_the_trace_continues_into_the_data_api(
    settings: Settings,
    data_api: DataApiStub,
) -> None:
    exporter = InMemorySpanExporter()
    app = FastAPI()
    trace_configs = init_tracing(app, settings, exporter=exporter)
    async with create_http_session(settings, trace_configs) as session:
        repository = DataApi{{ Res }}Repository(session, data_api.url)

        @app.get("/probe")
        async def probe() -> dict[str, bool]:
            try:
                await repository.get(1)
            except {{ Res }}NotFoundError:
                return {"found": False}
            return {"found": True}

        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            assert (await client.get("/probe")).json() == {"found": False}
    app.state.tracer_provider.shutdown()

    [(_, _, headers)] = data_api.requests
    trace_id = headers["traceparent"].split("-")[1]
    spans = exporter.get_finished_spans()
    kinds = {span.kind for span in spans if f"{span.context.trace_id:032x}" == trace_id}
    assert {SpanKind.SERVER, SpanKind.CLIENT} <= kinds


async def test_every_span_of_a_request_carries_its_request_id(
    settings: Settings,
    data_api: DataApiStub,
) -> None:
    exporter = InMemorySpanExporter()
    app = FastAPI()
    trace_configs = init_tracing(app, settings, exporter=exporter)
    app.add_middleware(RequestIdMiddleware)
    async with create_http_session(settings, trace_configs) as session:
        repository = DataApi{{ Res }}Repository(session, data_api.url)

        @app.get("/probe")
        async def probe() -> None:
            with pytest.raises({{ Res }}NotFoundError):
                await repository.get(1)

        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            await client.get("/probe", headers={"X-Request-ID": "req-7"})
    app.state.tracer_provider.shutdown()

    spans = exporter.get_finished_spans()
    assert sorted(span.kind.name for span in spans) == ["CLIENT", "SERVER"]
    assert [(span.attributes or {}).get("request_id") for span in spans] == ["req-7", "req-7"]


async def test_log_lines_of_a_request_carry_its_trace_and_span_ids(
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    exporter = InMemorySpanExporter()
    app = FastAPI()
    init_tracing(app, settings, exporter=exporter)
    configure_logging(SERVICE_NAME, "INFO", json_logs=True)

    @app.get("/probe")
    async def probe() -> dict[str, bool]:
        structlog.get_logger("probe").info("probe.handled")
        return {"ok": True}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        await client.get("/probe")
    structlog.contextvars.clear_contextvars()  # the test shares the request's context
    app.state.tracer_provider.shutdown()

    [server] = [s for s in exporter.get_finished_spans() if s.kind == SpanKind.SERVER]
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    [handled] = [line for line in lines if line["event"] == "probe.handled"]
    assert handled["trace_id"] == f"{server.context.trace_id:032x}"
    assert handled["span_id"] == f"{server.context.span_id:016x}"
