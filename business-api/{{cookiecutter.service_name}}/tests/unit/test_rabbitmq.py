{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""A broker that cannot be reached: the publish fails loudly and quickly, never silently."""

import socket
import time

import pytest

{{ from_imports({
    pkg ~ ".domain.errors": ["EventPublishError"],
    pkg ~ ".domain.events": [Res ~ "Event"],
    pkg ~ ".infrastructure.rabbitmq": ["RabbitMqPublisher"],
}) }}


async def test_an_unreachable_broker_fails_the_publish() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    publisher = RabbitMqPublisher(f"amqp://guest:guest@127.0.0.1:{port}/", "test.events", 1.0)
    started = time.monotonic()

    with pytest.raises(EventPublishError):
        await publisher.publish({{ Res }}Event("deleted", 1))

    assert time.monotonic() - started < 5
    assert not await publisher.ready()
    await publisher.close()
