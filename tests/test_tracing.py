"""One request followed across three level-4 services (issue 8): a business-api publishing to
RabbitMQ, a worker consuming its event, and the data-api both of them write to (on a real
PostgreSQL), run as real processes exporting their spans over OTLP/HTTP to a receiver in this
test. One POST must give spans of all three services in one trace, each linked to the span
of the hop that caused it, each carrying the request's ID.

The receiver keeps the raw ``ExportTraceServiceRequest`` bodies; the template's environment
(which has ``opentelemetry-proto``) decodes them. The services are stopped with SIGTERM before
the spans are read: what they still buffered is exported on the way out, not on a timer."""

import contextlib
import gzip
import json
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require
from tests.harness import bake, environment
from tests.live import Running, database, exchange, launch, migrate, request
from tests.services import Services

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("tracing")]

RESOURCE = "items"
EVENT = "item.created"
ANSWERS = {
    "data-api": {"maturity_level": "4"},
    # Redis is not on the path of a create: left out, as is the worker's (the data-api's
    # Idempotency-Key still makes its writes idempotent).
    "business-api": {"maturity_level": "4", "use_rabbitmq": "yes", "use_redis": "no"},
    "worker": {"maturity_level": "4", "use_redis": "no", "event_name": EVENT},
}
JWT_SECRET = "a-test-secret-of-more-than-32-characters"

# Run with a template's Python: the spans of the saved request bodies, as JSON.
DECODE = """
import json, sys
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

spans = []
for path in sys.argv[1:]:
    export = ExportTraceServiceRequest()
    export.ParseFromString(open(path, "rb").read())
    for resource_spans in export.resource_spans:
        resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                spans.append({
                    "service": resource["service.name"],
                    "name": span.name,
                    "kind": span.kind,
                    "trace_id": span.trace_id.hex(),
                    "span_id": span.span_id.hex(),
                    "parent_id": span.parent_span_id.hex(),
                    "attributes": {a.key: a.value.string_value for a in span.attributes},
                })
print(json.dumps(spans))
"""
# Span kinds as numbered in the OTLP protocol.
SERVER, CLIENT, PRODUCER, CONSUMER = 2, 3, 4, 5

# Cleans up after the worker (its queues are durable): run with the worker's Python.
CLEANUP = """
import asyncio, sys
import aio_pika

async def main(url: str, exchange: str, *queues: str) -> None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        for queue in queues:
            await channel.queue_delete(queue)
        await channel.exchange_delete(exchange)

asyncio.run(main(*sys.argv[1:]))
"""


class OtlpReceiver:
    """``POST /v1/traces`` over HTTP, as a collector takes it: each body kept as received."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.lock = threading.Lock()

    @contextlib.contextmanager
    def serve(self) -> Iterator[str]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                if self.path == "/v1/traces":
                    with receiver.lock:
                        receiver.bodies.append(body)
                # An empty ExportTraceServiceResponse: everything accepted.
                self.send_response(200 if self.path == "/v1/traces" else 404)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()

    def spans(self, python: Path, folder: Path) -> list[dict[str, Any]]:
        with self.lock:
            bodies = list(self.bodies)
        paths = []
        for number, body in enumerate(bodies):
            paths.append(folder / f"export-{number}.pb")
            paths[-1].write_bytes(body)
        result = subprocess.run(
            [str(python), "-c", DECODE, *map(str, paths)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        spans: list[dict[str, Any]] = json.loads(result.stdout)
        return spans


def wait_until(predicate: Any, timeout: float, what: str, service: Running) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} in {timeout:.0f} s:\n{service.output()[-3000:]}")
        time.sleep(0.1)


def stop(service: Running) -> None:
    """SIGTERM, as an orchestrator stops it; the exit exports the spans still buffered."""
    service.process.terminate()
    assert service.process.wait(20) == 0, service.output()[-3000:]


def json_lines(service: Running) -> list[dict[str, Any]]:
    lines = []
    for line in service.output().splitlines():
        with contextlib.suppress(ValueError):
            lines.append(json.loads(line))
    return [line for line in lines if isinstance(line, dict)]


def test_one_request_is_one_trace_across_business_api_worker_and_data_api(
    services: Services, tmp_path: Path
) -> None:
    projects = {name: bake(name, tmp_path / name, answers) for name, answers in ANSWERS.items()}
    venvs = {name: environment(name, project) for name, project in projects.items()}
    rabbitmq = require(services, "RABBITMQ_URL")
    suffix = uuid.uuid4().hex[:8]
    broker = {"RABBITMQ_URL": rabbitmq, "RABBITMQ_EXCHANGE": f"trace{suffix}.events"}
    queue = f"q.trace{suffix}.events"
    request_id = f"trace-test-{suffix}"
    receiver = OtlpReceiver()
    logs = {"LOG_JSON": "true", "LOG_LEVEL": "INFO"}

    with (
        database(venvs["data-api"], require(services, "DATABASE_URL")) as database_url,
        receiver.serve() as otlp,
    ):
        migrate(projects["data-api"], venvs["data-api"], database_url)
        traced = {"OTEL_EXPORTER_OTLP_ENDPOINT": otlp, **logs}
        data_env = {"DATABASE_URL": database_url, **traced}
        with launch(projects["data-api"], venvs["data-api"], data_env, tmp_path / "d.log") as data:
            worker_env = {
                **broker, **traced,
                "RABBITMQ_QUEUE": queue,
                "RETRY_DELAYS_SECONDS": "[1.0]",
                "DATA_API_URL": data.url,
                "DATA_API_RESOURCE": RESOURCE,
            }  # fmt: skip
            api_env = {**broker, **traced, "DATA_API_URL": data.url, "JWT_SECRET": JWT_SECRET}
            token = subprocess.run(
                [str(venvs["business-api"] / "bin" / "python"), "-m",
                 f"{projects['business-api'].name}.dev_token"],
                env={"PATH": "/usr/bin:/bin", "JWT_SECRET": JWT_SECRET,
                     "PYTHONPATH": str(projects["business-api"] / "src")},
                capture_output=True, text=True, check=True,
            ).stdout.strip()  # fmt: skip
            try:
                with (
                    launch(projects["worker"], venvs["worker"], worker_env,
                           tmp_path / "w.log") as worker,
                    launch(projects["business-api"], venvs["business-api"], api_env,
                           tmp_path / "b.log") as api,
                ):  # fmt: skip
                    # The worker's queue is bound once it consumes: then the event has a route.
                    wait_until(
                        lambda: request("GET", f"{worker.url}/ready")[0] == 200,
                        30, "ready worker", worker,
                    )  # fmt: skip
                    headers = {"Authorization": f"Bearer {token}", "X-Request-ID": request_id}
                    created = exchange(
                        "POST", f"{api.url}/api/v1/{RESOURCE}", {"name": "traced"}, headers
                    )
                    assert created.status == 201, created
                    wait_until(
                        lambda: any(
                            line["event"] == "event.processed" for line in json_lines(worker)
                        ),
                        30, "event.processed", worker,
                    )  # fmt: skip
                    stop(api)
                    stop(worker)
                    worker_log = json_lines(worker)
                stop(data)
            finally:
                subprocess.run(
                    [str(venvs["worker"] / "bin" / "python"), "-c", CLEANUP, rabbitmq,
                     broker["RABBITMQ_EXCHANGE"], queue, f"{queue}.dlq", f"{queue}.retry.1000ms"],
                    capture_output=True, check=False,
                )  # fmt: skip

        spans = receiver.spans(venvs["business-api"] / "bin" / "python", tmp_path)

    names = {name: project.name for name, project in projects.items()}
    [root] = [s for s in spans if s["service"] == names["business-api"] and s["kind"] == SERVER]
    trace = [s for s in spans if s["trace_id"] == root["trace_id"]]
    by_id = {s["span_id"]: s for s in trace}
    summary = "\n".join(
        f"{s['service']} {s['kind']} {s['name']} {s['span_id']} <- {s['parent_id']}" for s in spans
    )
    assert {s["service"] for s in trace} == set(names.values()), summary
    assert len(trace) == len(spans), f"spans outside the request's trace:\n{summary}"
    assert root["parent_id"] == "", summary

    def parent(span: dict[str, Any]) -> dict[str, Any]:
        assert span["parent_id"] in by_id, f"{span['name']}: parent not exported\n{summary}"
        return by_id[span["parent_id"]]

    def descends_from(span: dict[str, Any], ancestor: dict[str, Any]) -> bool:
        while span["parent_id"]:
            span = parent(span)
            if span is ancestor:
                return True
        return False

    # Each call to the data-api is a client span, parent of the data-api's server span:
    # business-api -> data-api, and worker (consumer span -> client span) -> data-api.
    [client] = [s for s in trace if s["service"] == names["business-api"] and s["kind"] == CLIENT]
    [worker_client] = [s for s in trace if s["service"] == names["worker"] and s["kind"] == CLIENT]
    [producer] = [s for s in trace if s["kind"] == PRODUCER]
    [consumer] = [s for s in trace if s["kind"] == CONSUMER]
    data_servers = [s for s in trace if s["service"] == names["data-api"] and s["kind"] == SERVER]
    assert descends_from(client, root) and descends_from(producer, root), summary
    assert parent(worker_client) is consumer, summary
    assert worker_client["attributes"]["http.method"] == "POST", summary
    assert sorted(parent(s)["span_id"] for s in data_servers) == sorted(
        [client["span_id"], worker_client["span_id"]]
    ), summary
    # business-api -> RabbitMQ -> worker: the consumer span is a child of the producer span.
    assert producer["service"] == names["business-api"], summary
    assert producer["attributes"]["messaging.rabbitmq.destination.routing_key"] == EVENT
    assert consumer["service"] == names["worker"], summary
    assert parent(consumer) is producer, summary
    # The data-api's own spans (database calls) hang under its server spans.
    for span in trace:
        if span["service"] == names["data-api"] and span["kind"] != SERVER:
            assert any(descends_from(span, server) for server in data_servers), summary

    missing = [s["name"] for s in trace if s["attributes"].get("request_id") != request_id]
    assert not missing, f"spans without request_id={request_id}: {missing}"

    # A broker redelivery would show as the event handled twice (an open question, issue 5).
    handled = [line["event_id"] for line in worker_log if line["event"] == "event.processed"]
    assert len(handled) == len(set(handled)) == 1, worker_log
    assert not [line for line in worker_log if line["event"] == "message.duplicate"]
