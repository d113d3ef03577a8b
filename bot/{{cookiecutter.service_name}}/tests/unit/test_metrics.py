"""Updates handled, errors and handler latency, by update type."""

from prometheus_client import REGISTRY

from tests.conftest import Feed
from tests.fake_telegram import message_update


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_updates_and_their_latency_are_counted(feed: Feed) -> None:
    handled = sample("bot_updates_total", type="message", handled="true")
    observed = sample("bot_update_duration_seconds_count", type="message")

    await feed(message_update("hello"))

    assert sample("bot_updates_total", type="message", handled="true") == handled + 1
    assert sample("bot_update_duration_seconds_count", type="message") == observed + 1
