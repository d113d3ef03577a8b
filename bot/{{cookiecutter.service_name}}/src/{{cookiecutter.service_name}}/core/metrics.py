"""Prometheus metrics, served on ``GET /metrics``."""

from prometheus_client import Counter, Histogram

UPDATES = Counter(
    "bot_updates_total",
    "Updates handled, by type and whether a handler took them",
    ["type", "handled"],
)
ERRORS = Counter("bot_errors_total", "Updates whose handler failed, by type", ["type"])
LATENCY = Histogram(
    "bot_update_duration_seconds",
    "Time to handle an update, middlewares included",
    ["type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
