{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""FastAPI dependencies: the resources the lifespan created, handed to the routes."""

from typing import Annotated

from fastapi import Depends, Request

{{ from_imports({
    pkg ~ ".application." ~ res ~ "_service": [Res ~ "Service"],
    pkg ~ ".domain.ports": [Res ~ "Repository"],
}) }}


def get_{{ res }}_repository(request: Request) -> {{ Res }}Repository:
    """The repository the lifespan attached to the application."""
    repository: {{ Res }}Repository = request.app.state.{{ res }}_repository
    return repository


{{ Res }}RepositoryDep = Annotated[
    {{ Res }}Repository,
    Depends(get_{{ res }}_repository),
]


def get_{{ res }}_service(
    repository: {{ Res }}RepositoryDep,
) -> {{ Res }}Service:
    return {{ Res }}Service(repository)


{{ Res }}ServiceDep = Annotated[
    {{ Res }}Service,
    Depends(get_{{ res }}_service),
]
