{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""The use cases, over an in-memory repository."""

import pytest

{{ from_imports({
    pkg ~ ".application." ~ res ~ "_service": [Res ~ "Service"],
    pkg ~ ".domain.errors": ["BusinessRuleError", Res ~ "NotFoundError", "VersionMismatchError", "VersionRequiredError"],
    pkg ~ ".domain." ~ res: [Res ~ "Changes", Res ~ "Query", "New" ~ Res],
}) }}

from ..fakes import InMemory{{ Res }}Repository


@pytest.fixture
def repository() -> InMemory{{ Res }}Repository:
    return InMemory{{ Res }}Repository()


@pytest.fixture
def service(repository: InMemory{{ Res }}Repository) -> {{ Res }}Service:
    return {{ Res }}Service(repository)


async def test_create_stores_and_returns_the_{{ res }}(
    service: {{ Res }}Service,
    repository: InMemory{{ Res }}Repository,
) -> None:
    created = await service.create(New{{ Res }}(name="First", description="one"))

    assert (created.name, created.description, created.version) == ("First", "one", 1)
    assert repository.{{ cookiecutter.resource_plural }} == {created.id: created}


async def test_create_with_a_replayed_key_returns_the_first(
    service: {{ Res }}Service,
) -> None:
    new = New{{ Res }}(name="First")
    first = await service.create(new, idempotency_key="k-1")

    assert await service.create(new, idempotency_key="k-1") == first


async def test_create_many_keeps_the_order(
    service: {{ Res }}Service,
) -> None:
    news = [New{{ Res }}(name="A"), New{{ Res }}(name="B")]

    created = await service.create_many(news)

    assert [one.name for one in created] == ["A", "B"]


@pytest.mark.parametrize("count", [0, 101])
async def test_create_many_refuses_too_few_or_too_many(
    service: {{ Res }}Service,
    count: int,
) -> None:
    with pytest.raises(BusinessRuleError):
        await service.create_many([New{{ Res }}(name="A")] * count)


async def test_get_and_list_return_what_was_stored(
    service: {{ Res }}Service,
) -> None:
    created = await service.create(New{{ Res }}(name="First"))
    await service.create(New{{ Res }}(name="Second"))

    assert await service.get(created.id) == created
    page = await service.list({{ Res }}Query(limit=1, offset=0))
    assert (page.items, page.total) == ([created], 2)


async def test_get_unknown_id_raises_not_found(
    service: {{ Res }}Service,
) -> None:
    with pytest.raises({{ Res }}NotFoundError) as caught:
        await service.get(42)

    assert caught.value.{{ res }}_id == 42
    assert "42" in str(caught.value)


async def test_update_needs_the_current_version(
    service: {{ Res }}Service,
) -> None:
    created = await service.create(New{{ Res }}(name="First"))
    changes = {{ Res }}Changes({"name": "Renamed"})

    with pytest.raises(VersionRequiredError):
        await service.update(created.id, changes, None)
    with pytest.raises(VersionMismatchError):
        await service.update(created.id, changes, 2)
    updated = await service.update(created.id, changes, 1)

    assert (updated.name, updated.version) == ("Renamed", 2)


async def test_delete_removes_the_{{ res }}(service: {{ Res }}Service) -> None:
    created = await service.create(New{{ Res }}(name="First"))

    with pytest.raises(VersionMismatchError):
        await service.delete(created.id, expected_version=7)
    await service.delete(created.id)

    with pytest.raises({{ Res }}NotFoundError):
        await service.get(created.id)
