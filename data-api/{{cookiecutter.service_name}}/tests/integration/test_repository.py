{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from {{ cookiecutter.service_name }}.domain.{{ cookiecutter.resource_name }} import {{ cookiecutter.__resource_class }}Draft
from {{ cookiecutter.service_name }}.infrastructure.db.engine import create_sessionmaker
{{ from_imports({pkg ~ ".infrastructure.db.repositories." ~ res: ["SqlAlchemy" ~ Res ~ "Repository"]}) }}

pytestmark = pytest.mark.integration


async def test_committed_{{ cookiecutter.resource_plural }}_are_read_back(engine: AsyncEngine) -> None:
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        repository = SqlAlchemy{{ cookiecutter.__resource_class }}Repository(session)
        drafts = [{{ cookiecutter.__resource_class }}Draft(name=f"n{i}", description="d") for i in range(3)]
        added = [await repository.add(draft) for draft in drafts]

    async with sessionmaker() as session:
        repository = SqlAlchemy{{ cookiecutter.__resource_class }}Repository(session)
        assert await repository.get(added[0].id) == added[0]
        assert await repository.list_page(offset=1, limit=5) == added[1:]
        assert await repository.count() == 3
    assert added[0].created_at.utcoffset() is not None


async def test_a_rolled_back_transaction_stores_nothing(engine: AsyncEngine) -> None:
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker() as session:
        repository = SqlAlchemy{{ cookiecutter.__resource_class }}Repository(session)
        await repository.add({{ cookiecutter.__resource_class }}Draft(name="gone"))
        await session.rollback()

    async with sessionmaker() as session:
        assert await SqlAlchemy{{ cookiecutter.__resource_class }}Repository(session).count() == 0
