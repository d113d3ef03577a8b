{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""The {{ cookiecutter.resource_name }} repository on SQLAlchemy."""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

{{ from_imports({pkg ~ ".domain." ~ res: [Res, Res ~ "Draft"]}) }}
from {{ cookiecutter.service_name }}.infrastructure.db.models import {{ cookiecutter.__resource_class }}Model


class SqlAlchemy{{ cookiecutter.__resource_class }}Repository:
    """Stores {{ cookiecutter.resource_plural }} in the session's transaction; the caller commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, draft: {{ cookiecutter.__resource_class }}Draft) -> {{ cookiecutter.__resource_class }}:
        model = {{ cookiecutter.__resource_class }}Model(name=draft.name, description=draft.description)
        self._session.add(model)
        await self._session.flush()
        return _to_entity(model)

    async def get(self, {{ cookiecutter.resource_name }}_id: int) -> {{ cookiecutter.__resource_class }} | None:
        model = await self._session.get({{ cookiecutter.__resource_class }}Model, {{ cookiecutter.resource_name }}_id)
        return None if model is None else _to_entity(model)

    async def list_page(self, offset: int, limit: int) -> list[{{ cookiecutter.__resource_class }}]:
        query = select({{ cookiecutter.__resource_class }}Model).order_by({{ cookiecutter.__resource_class }}Model.id)
        models = await self._session.scalars(query.offset(offset).limit(limit))
        return [_to_entity(model) for model in models]

    async def count(self) -> int:
        query = select(func.count()).select_from({{ cookiecutter.__resource_class }}Model)
        return await self._session.scalar(query) or 0


def _to_entity(model: {{ cookiecutter.__resource_class }}Model) -> {{ cookiecutter.__resource_class }}:
    return {{ cookiecutter.__resource_class }}(
        id=model.id,
        name=model.name,
        description=model.description,
        created_at=model.created_at,
    )
