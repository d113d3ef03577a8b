"""Prometheus RED metrics (rate, errors, duration) per route, and the ``/metrics`` endpoint."""

import functools
import time

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter("http_requests_total", "HTTP requests answered", ["method", "route", "status"])
DURATION = Histogram(
    "http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
IN_PROGRESS = Gauge("http_requests_in_progress", "HTTP requests being answered")

router = APIRouter(tags=["health"])


@router.get("/metrics", include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class MetricsMiddleware:
    """Counts and times every HTTP request under its route template (``/items/{id}``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500

        async def send_and_record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        started = time.perf_counter()
        IN_PROGRESS.inc()
        try:
            await self.app(scope, receive, send_and_record)
        finally:
            IN_PROGRESS.dec()
            route = _route(scope)
            method = scope["method"]
            _duration(method, route).observe(time.perf_counter() - started)
            _requests(method, route, status).inc()


# A metric's labels() looks its child up under a lock and validates the values on every
# call; the label sets are few (routes), so the children are kept at hand.
@functools.lru_cache(maxsize=1024)
def _duration(method: str, route: str) -> Histogram:
    return DURATION.labels(method, route)


@functools.lru_cache(maxsize=1024)
def _requests(method: str, route: str, status: int) -> Counter:
    return REQUESTS.labels(method, route, str(status))


def _route(scope: Scope) -> str:
    """The matched route's template; one label for every unmatched path (bounded labels)."""
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) else "unmatched"
