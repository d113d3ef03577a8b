"""Prometheus metrics of the consumer, served on ``GET /metrics``."""

from functools import cache

from prometheus_client import Counter, Gauge, Histogram

MESSAGES = Counter(
    "worker_messages_total",
    "Messages settled, by outcome: handled, duplicate, retried, dead_lettered, unsettled.",
    ["routing_key", "outcome"],
)
FAILURES = Counter("worker_handler_failures_total", "Handler runs that raised.", ["routing_key"])
IN_FLIGHT = Gauge("worker_messages_in_flight", "Messages being processed right now.")
HANDLER_SECONDS = Histogram(
    "worker_handler_duration_seconds",
    "Time a handler took, failures included.",
    ["routing_key"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


# Labelled children are looked up once per label set, not once per message.
@cache
def messages(routing_key: str, outcome: str) -> Counter:
    """The counter of ``routing_key`` messages settled with ``outcome``."""
    return MESSAGES.labels(routing_key, outcome)


@cache
def handler_seconds(routing_key: str) -> Histogram:
    """The latency histogram of ``routing_key``'s handler."""
    return HANDLER_SECONDS.labels(routing_key)
