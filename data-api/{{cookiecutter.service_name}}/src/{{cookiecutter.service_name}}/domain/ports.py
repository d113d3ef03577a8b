{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""Ports: what the use cases need from the outside world, implemented in infrastructure/."""

from typing import Protocol

{{ from_imports({pkg ~ ".domain." ~ res: [Res, Res ~ "Draft"]}) }}


class {{ cookiecutter.__resource_class }}Repository(Protocol):
    """Storage of {{ cookiecutter.resource_plural.replace('_', ' ') }}."""

    async def add(self, draft: {{ cookiecutter.__resource_class }}Draft) -> {{ cookiecutter.__resource_class }}: ...

    async def get(self, {{ cookiecutter.resource_name }}_id: int) -> {{ cookiecutter.__resource_class }} | None: ...

    async def list_page(self, offset: int, limit: int) -> list[{{ cookiecutter.__resource_class }}]: ...

    async def count(self) -> int: ...
