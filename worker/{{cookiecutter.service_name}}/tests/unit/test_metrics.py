from typing import cast

from aio_pika.abc import AbstractIncomingMessage
from prometheus_client import REGISTRY

from {{ cookiecutter.service_name }}.domain.events import EventEnvelope

from tests.factories import envelope_json
from tests.unit.test_messaging import KEY, FakeMessage, consumer_with


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def _ok(_: EventEnvelope) -> None:
    return None


async def _broken(_: EventEnvelope) -> None:
    raise RuntimeError("boom")


async def test_each_outcome_is_counted_with_the_handler_latency() -> None:
    before = {
        "handled": sample("worker_messages_total", routing_key=KEY, outcome="handled"),
        "retried": sample("worker_messages_total", routing_key=KEY, outcome="retried"),
        "failures": sample("worker_handler_failures_total", routing_key=KEY),
        "timed": sample("worker_handler_duration_seconds_count", routing_key=KEY),
    }

    for handler in (_ok, _broken):
        message = cast(AbstractIncomingMessage, FakeMessage(envelope_json(KEY)))
        await consumer_with(handler)._on_message(message)

    assert sample("worker_messages_total", routing_key=KEY, outcome="handled") == (
        before["handled"] + 1
    )
    assert sample("worker_messages_total", routing_key=KEY, outcome="retried") == (
        before["retried"] + 1
    )
    assert sample("worker_handler_failures_total", routing_key=KEY) == before["failures"] + 1
    assert sample("worker_handler_duration_seconds_count", routing_key=KEY) == before["timed"] + 2
