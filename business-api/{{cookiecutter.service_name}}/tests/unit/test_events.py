{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""Domain events: announced after each change, in the collection's envelope."""

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

{{ from_imports({
    pkg ~ ".application." ~ res ~ "_service": [Res ~ "Service"],
    pkg ~ ".core.settings": ["SERVICE_NAME"],
    pkg ~ ".domain.errors": ["EventPublishError"],
    pkg ~ ".domain.events": [Res ~ "Event"],
    pkg ~ ".domain." ~ res: [Res ~ "Changes", "New" ~ Res],
    pkg ~ ".infrastructure.events": ["envelope"],
}) }}

from ..fakes import InMemory{{ Res }}Repository, RecordingPublisher


@pytest.fixture
def events() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
def service(events: RecordingPublisher) -> {{ Res }}Service:
    return {{ Res }}Service(InMemory{{ Res }}Repository(), events)


async def test_each_change_is_announced(
    service: {{ Res }}Service,
    events: RecordingPublisher,
) -> None:
    created = await service.create(New{{ Res }}(name="First"))
    await service.create_many([New{{ Res }}(name="Second")])
    await service.update(created.id, {{ Res }}Changes({"name": "Renamed"}), 1)
    await service.delete(created.id)

    assert [event.event_type for event in events.events] == [
        "{{ res }}.created",
        "{{ res }}.created",
        "{{ res }}.updated",
        "{{ res }}.deleted",
    ]


async def test_reads_announce_nothing(
    service: {{ Res }}Service,
    events: RecordingPublisher,
) -> None:
    created = await service.create(New{{ Res }}(name="First"))
    events.events.clear()

    await service.get(created.id)

    assert events.events == []


async def test_a_failed_publish_reaches_the_caller(
    service: {{ Res }}Service,
    events: RecordingPublisher,
) -> None:
    events.error = EventPublishError("broker down")

    with pytest.raises(EventPublishError):
        await service.create(New{{ Res }}(name="First"))


async def test_the_envelope_carries_the_conventional_fields(
    service: {{ Res }}Service,
    events: RecordingPublisher,
) -> None:
    created = await service.create(New{{ Res }}(name="First"))

    body = envelope(events.events[0])

    assert set(body) == {
        "event_id",
        "event_type",
        "version",
        "occurred_at",
        "producer",
        "request_id",
        "payload",
    }
    assert (body["event_type"], body["version"], body["producer"]) == (
        "{{ res }}.created",
        1,
        SERVICE_NAME,
    )
    assert body["payload"]["id"] == created.id
    assert body["payload"]["name"] == "First"
    uuid.UUID(body["event_id"])


def test_the_same_change_gets_the_same_event_id() -> None:
    deleted = {{ Res }}Event("deleted", 7)

    assert envelope(deleted)["event_id"] == envelope(deleted)["event_id"]
    assert envelope(deleted)["payload"] == {"id": 7}
    other = {{ Res }}Event("deleted", 8)
    assert envelope(deleted)["event_id"] != envelope(other)["event_id"]


async def test_a_row_of_a_new_database_gets_a_new_event_id(
    service: {{ Res }}Service,
) -> None:
    created = await service.create(New{{ Res }}(name="First"))
    # The same id and version again, as a reset or restored database hands them out.
    again = replace(created, created_at=created.created_at + timedelta(days=1))

    first = envelope({{ Res }}Event("created", created.id, created))
    second = envelope({{ Res }}Event("created", again.id, again))

    assert first["event_id"] != second["event_id"]
