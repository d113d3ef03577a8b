{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
import pytest

{{ from_imports({
    pkg ~ ".application." ~ res ~ "_service": [Res ~ "Service"],
    pkg ~ ".domain.errors": [Res ~ "NotFoundError"],
    pkg ~ ".domain." ~ res: ["New" ~ Res],
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

    assert (created.name, created.description) == ("First", "one")
    assert repository.{{ cookiecutter.resource_plural }} == {created.id: created}


async def test_get_returns_what_create_stored(service: {{ Res }}Service) -> None:
    created = await service.create(New{{ Res }}(name="First"))
    await service.create(New{{ Res }}(name="Second"))

    assert await service.get(created.id) == created


async def test_get_unknown_id_raises_not_found(service: {{ Res }}Service) -> None:
    with pytest.raises({{ Res }}NotFoundError) as caught:
        await service.get(42)

    assert caught.value.{{ res }}_id == 42
    assert "42" in str(caught.value)
