from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.service_name }}.application.{{ cookiecutter.resource_plural }} import (
    {{ cookiecutter.__resource_class }}Service,
)
from {{ cookiecutter.service_name }}.domain.{{ cookiecutter.resource_name }} import (
    {{ cookiecutter.__resource_class }}Draft,
    {{ cookiecutter.__resource_class }}NotFoundError,
)
from {{ cookiecutter.service_name }}.infrastructure.db import schema
from {{ cookiecutter.service_name }}.infrastructure.db.engine import (
    create_engine,
    create_sessionmaker,
)
from {{ cookiecutter.service_name }}.infrastructure.db.repositories.{{ cookiecutter.resource_name }} import (
    SqlAlchemy{{ cookiecutter.__resource_class }}Repository,
)


@pytest.fixture
async def session(sqlite_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(sqlite_url)
    await schema.upgrade(engine)
    async with create_sessionmaker(engine).begin() as session:
        yield session
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
