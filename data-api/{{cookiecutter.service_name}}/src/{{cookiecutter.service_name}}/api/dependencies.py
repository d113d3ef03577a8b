"""Request-scoped dependencies: one database transaction per request."""

from collections.abc import AsyncIterator
from typing import Annotated, cast

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from {{ cookiecutter.service_name }}.application.{{ cookiecutter.resource_plural }} import (
    {{ cookiecutter.__resource_class }}Service,
)
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.infrastructure.db.repositories.{{ cookiecutter.resource_name }} import (
    SqlAlchemy{{ cookiecutter.__resource_class }}Repository,
)


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
