{%- from "python.j2" import from_import -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set events = cookiecutter.use_rabbitmq == "yes" or cookiecutter.websocket == "yes" -%}
"""FastAPI dependencies: the use cases, over what the lifespan attached to ``app.state``.

Each is one ``async`` dependency without sub-dependencies: FastAPI resolves every level
on every request, and runs plain functions in a thread pool, both costly on the hot path.
Tests put fakes in ``app.state`` (``{{ res }}_repository``{% if events %}, ``event_publisher``{% endif %}).
"""

from typing import Annotated

from fastapi import Depends, Request

{{ from_import(pkg ~ ".application." ~ res ~ "_service", [Res ~ "Service"]) }}


async def get_{{ res }}_service(request: Request) -> {{ Res }}Service:
    state = request.app.state
{%- if events %}
    return {{ Res }}Service(state.{{ res }}_repository, state.event_publisher)
{%- else %}
    return {{ Res }}Service(state.{{ res }}_repository)
{%- endif %}


{{ Res }}ServiceDep = Annotated[
    {{ Res }}Service,
    Depends(get_{{ res }}_service),
]
