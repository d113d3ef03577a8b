{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""Request-scoped dependencies: one database transaction per request."""

from collections.abc import AsyncIterator
from typing import Annotated, cast

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

{{ from_imports({pkg ~ ".application." ~ res ~ "_service": [Res ~ "Service"]}) }}
from {{ cookiecutter.service_name }}.core.settings import Settings
{{ from_imports({pkg ~ ".infrastructure.db.repositories." ~ res: ["SqlAlchemy" ~ Res ~ "Repository"]}) }}


def get_settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


def get_engine(request: Request) -> AsyncEngine:
    return cast(AsyncEngine, request.app.state.engine)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session in a transaction, committed before the response is sent, or rolled back."""
    sessionmaker = cast(async_sessionmaker[AsyncSession], request.app.state.sessionmaker)
    async with sessionmaker.begin() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[AsyncEngine, Depends(get_engine)]
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


def get_{{ cookiecutter.resource_name }}_service(session: SessionDep) -> {{ cookiecutter.__resource_class }}Service:
    return {{ cookiecutter.__resource_class }}Service(SqlAlchemy{{ cookiecutter.__resource_class }}Repository(session))


{{ cookiecutter.__resource_class }}ServiceDep = Annotated[
    {{ cookiecutter.__resource_class }}Service,
    Depends(get_{{ cookiecutter.resource_name }}_service),
]
