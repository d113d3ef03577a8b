{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""Objects built once at start-up (see ``main.py``), handed to the routes."""

from typing import Annotated, cast

from fastapi import Depends, Request

{{ from_imports({
    pkg ~ ".application." ~ res ~ "_service": [Res ~ "Service"],
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain.ports": ["Database"],
}) }}


# Coroutines, not plain functions: FastAPI would run those in a thread pool.
async def get_settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


async def get_database(request: Request) -> Database:
    return cast(Database, request.app.state.database)


async def get_{{ res }}_service(request: Request) -> {{ Res }}Service:
    return {{ res }}_service_of(request)


def {{ res }}_service_of(request: Request) -> {{ Res }}Service:
    """The service, for a hot route that takes it without a dependency to resolve."""
    return cast({{ Res }}Service, request.app.state.{{ res }}_service)


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]
{{ Res }}ServiceDep = Annotated[
    {{ Res }}Service,
    Depends(get_{{ res }}_service),
]
