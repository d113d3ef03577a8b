{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
"""Prometheus metrics: rate, errors and latency per route template (RED), and the database
pool; served at ``GET /metrics``."""

import time
from collections.abc import Iterator

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import generate_latest
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

{{ from_imports({pkg ~ ".infrastructure.db.database": ["PostgresDatabase", "SqlAlchemyDatabase"]}) }}

router = APIRouter(tags=["health"])

LATENCY_BUCKETS = (0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class HttpMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "http_requests",
            "HTTP requests answered, by route template and status code",
            ["method", "route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route template",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self._series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count and time one answer; each labelled series is looked up once, then kept."""
        key = (method, route, status)
        series = self._series.get(key)
        if series is None:
            series = (
                self.requests.labels(method, route, str(status)),
                self.latency.labels(method, route),
            )
            self._series[key] = series
        series[0].inc()
        series[1].observe(seconds)


class PoolCollector(Collector):
    """Reads the database pool's state at each scrape."""

    def __init__(self, database: PostgresDatabase | SqlAlchemyDatabase) -> None:
        self._database = database

    def collect(self) -> Iterator[Metric]:
        stats = self._database.pool_stats()
        connections = GaugeMetricFamily(
            "db_pool_connections", "Open database connections, by state", labels=["state"]
        )
        connections.add_metric(["in_use"], stats.in_use)
        connections.add_metric(["idle"], stats.size - stats.in_use)
        yield connections
        yield GaugeMetricFamily(
            "db_pool_waiting", "Requests waiting for a database connection", value=stats.waiting
        )


class MetricsMiddleware:
    """Times every HTTP request (pure ASGI: the body streams through untouched). Requests
    that match no route share the ``unmatched`` label, so that scanners cannot explode the
    number of series."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_and_note_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note_status)
        finally:
            elapsed = time.perf_counter() - start
            self.metrics.observe(scope["method"], route_template(scope), status, elapsed)


def route_template(scope: Scope) -> str:
    """``/api/v1/things/{thing_id}`` for ``/api/v1/things/7``: the path with the values of the
    matched route's parameters (from the right) put back as ``{name}``."""
    if "endpoint" not in scope:
        return "unmatched"
    segments = scope["path"].split("/")
    for name, value in scope.get("path_params", {}).items():
        for index in range(len(segments) - 1, -1, -1):
            if segments[index] == str(value):
                segments[index] = "{" + name + "}"
                break
    return "/".join(segments)


@router.get("/metrics", response_class=Response, include_in_schema=False)
async def metrics(request: Request) -> Response:
    registry: CollectorRegistry = request.app.state.metrics_registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
