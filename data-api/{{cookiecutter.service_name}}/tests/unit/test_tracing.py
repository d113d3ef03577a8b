import json
from collections.abc import Sequence
from typing import Any

import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.trace.export import SpanExportResult

from ..helpers import URL, app_on, serve


async def test_no_tracing_without_an_endpoint(sqlite_url: str) -> None:
    app = app_on(sqlite_url)

    assert not getattr(app, "_is_instrumented_by_opentelemetry", False)


async def test_server_spans_are_exported_with_the_request_id_and_their_trace_id_logged(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    exported: list[Any] = []

    def export(_: OTLPSpanExporter, spans: Sequence[Any]) -> SpanExportResult:
        exported.extend(spans)
        return SpanExportResult.SUCCESS

    monkeypatch.setattr(OTLPSpanExporter, "export", export)
    app = app_on(sqlite_url, log_json=True, otel_exporter_otlp_endpoint="http://collector:4318")
    try:
        async with serve(app) as client:
            created = await client.post(URL, json={"name": "traced"})
            await client.get("/health")
        from opentelemetry import trace

        trace.get_tracer_provider().force_flush()  # type: ignore[attr-defined]
    finally:
        FastAPIInstrumentor.uninstrument_app(app)
        AsyncPGInstrumentor().uninstrument()  # type: ignore[no-untyped-call]

    servers = [span for span in exported if span.kind.name == "SERVER"]
    assert [span.attributes["http.route"] for span in servers] == [URL]
    assert servers[0].attributes["request_id"] == created.headers["x-request-id"]
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    [created] = [event for event in events if event["event"].endswith(".created")]
    assert created["trace_id"] == format(servers[0].context.trace_id, "032x")
