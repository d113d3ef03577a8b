"""The local hub: every subscriber gets every event; a subscriber too far behind is dropped."""

from {{ cookiecutter.service_name }}.infrastructure.broadcast import QUEUE_SIZE, LocalHub


def test_each_subscriber_gets_each_event() -> None:
    hub = LocalHub()
    first, second = hub.subscribe(), hub.subscribe()

    hub.deliver("one")

    assert first.queue.get_nowait() == second.queue.get_nowait() == "one"


def test_a_subscriber_that_falls_behind_is_dropped() -> None:
    hub = LocalHub()
    slow, quick = hub.subscribe(), hub.subscribe()

    for number in range(QUEUE_SIZE + 1):
        hub.deliver(str(number))
        if number < QUEUE_SIZE:
            quick.queue.get_nowait()

    assert slow.dropped.is_set()
    assert not quick.dropped.is_set()
    hub.deliver("later")
    assert slow.queue.qsize() == QUEUE_SIZE
