{%- set Res = cookiecutter.resource_name.title().replace('_', '') -%}
{%- set res = cookiecutter.resource_name -%}
"""FastAPI dependencies: the resources the lifespan created, handed to the routes."""

from typing import Annotated

from fastapi import Depends, Request

from {{ cookiecutter.service_name }}.application.{{ res }}_service import {{ Res }}Service
from {{ cookiecutter.service_name }}.domain.ports import {{ Res }}Repository


def get_{{ res }}_repository(request: Request) -> {{ Res }}Repository:
    """The repository the lifespan attached to the application."""
    repository: {{ Res }}Repository = request.app.state.{{ res }}_repository
    return repository


def get_{{ res }}_service(
    repository: Annotated[{{ Res }}Repository, Depends(get_{{ res }}_repository)],
) -> {{ Res }}Service:
    return {{ Res }}Service(repository)


{{ Res }}ServiceDep = Annotated[{{ Res }}Service, Depends(get_{{ res }}_service)]
