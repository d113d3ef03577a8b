{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

{{ from_imports({pkg ~ ".application." ~ res ~ "_service": [Res ~ "Service"]}) }}
{{ from_imports({
    pkg ~ ".domain.errors": [Res ~ "NotFoundError"],
    pkg ~ ".domain." ~ res: [Res ~ "Draft"],
}) }}
from {{ cookiecutter.service_name }}.infrastructure.db import schema
{{ from_imports({pkg ~ ".infrastructure.db.engine": ["create_engine", "create_sessionmaker"]}) }}
{{ from_imports({pkg ~ ".infrastructure.db.repositories." ~ res: ["SqlAlchemy" ~ Res ~ "Repository"]}) }}


@pytest.fixture
async def session(sqlite_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(sqlite_url)
    try:
        await schema.upgrade(engine)
        async with create_sessionmaker(engine).begin() as session:
            yield session
    finally:
        await engine.dispose()


async def test_add_then_get(session: AsyncSession) -> None:
    repository = SqlAlchemy{{ cookiecutter.__resource_class }}Repository(session)

    added = await repository.add({{ cookiecutter.__resource_class }}Draft(name="first", description="about it"))

    assert await repository.get(added.id) == added
    assert added.created_at.tzinfo is not None


async def test_get_missing_returns_none(session: AsyncSession) -> None:
    assert await SqlAlchemy{{ cookiecutter.__resource_class }}Repository(session).get(404) is None


async def test_pages_are_ordered_by_id_and_counted(session: AsyncSession) -> None:
    repository = SqlAlchemy{{ cookiecutter.__resource_class }}Repository(session)
    added = [await repository.add({{ cookiecutter.__resource_class }}Draft(name=f"n{i}")) for i in range(5)]

    page = await {{ cookiecutter.__resource_class }}Service(repository).list_page(offset=1, limit=2)

    assert page.items == added[1:3]
    assert (page.total, page.offset, page.limit) == (5, 1, 2)


async def test_service_raises_for_a_missing_{{ cookiecutter.resource_name }}(session: AsyncSession) -> None:
    with pytest.raises({{ cookiecutter.__resource_class }}NotFoundError, match="404"):
        await {{ cookiecutter.__resource_class }}Service(SqlAlchemy{{ cookiecutter.__resource_class }}Repository(session)).get(404)
