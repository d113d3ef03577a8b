{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set events = cookiecutter.use_rabbitmq == "yes" or cookiecutter.websocket == "yes" -%}
{%- set imports = {
    pkg ~ ".application." ~ res ~ "_service": [Res ~ "Service"],
    pkg ~ ".domain.ports": [Res ~ "Repository"],
} -%}
{%- if events %}{% set _ = imports.update({pkg ~ ".domain.events": ["EventPublisher"]}) %}{% endif -%}
"""FastAPI dependencies: the resources the lifespan created, handed to the routes.

They are ``async`` although they do not wait: FastAPI runs plain functions in a thread pool,
which costs far more than the work they do.
"""

from typing import Annotated

from fastapi import Depends, Request

{{ from_imports(imports) }}


async def get_{{ res }}_repository(request: Request) -> {{ Res }}Repository:
    """The repository the lifespan attached to the application."""
    repository: {{ Res }}Repository = request.app.state.{{ res }}_repository
    return repository


{{ Res }}RepositoryDep = Annotated[
    {{ Res }}Repository,
    Depends(get_{{ res }}_repository),
]


{% if events -%}
async def get_event_publisher(request: Request) -> EventPublisher:
    """Where the lifespan sends domain events."""
    publisher: EventPublisher = request.app.state.event_publisher
    return publisher


async def get_{{ res }}_service(
    repository: {{ Res }}RepositoryDep,
    events: Annotated[EventPublisher, Depends(get_event_publisher)],
) -> {{ Res }}Service:
    return {{ Res }}Service(repository, events)
{%- else -%}
async def get_{{ res }}_service(
    repository: {{ Res }}RepositoryDep,
) -> {{ Res }}Service:
    return {{ Res }}Service(repository)
{%- endif %}


{{ Res }}ServiceDep = Annotated[
    {{ Res }}Service,
    Depends(get_{{ res }}_service),
]
