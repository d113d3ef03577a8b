{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""Ports: what the use cases need from the outside world, implemented in infrastructure/."""

from typing import Protocol

{{ from_imports({pkg ~ ".domain." ~ res: [Res, "New" ~ Res]}) }}


class {{ Res }}Repository(Protocol):
    """Where {{ cookiecutter.resource_plural.replace('_', ' ') }} are stored.

    Implementations raise ``{{ Res }}NotFoundError`` for an unknown id and
    ``DataSourceError`` (or its subclass ``DataSourceUnavailableError``) when the store fails.
    """

    async def add(self, new: New{{ Res }}) -> {{ Res }}:
        """Store a new {{ res.replace('_', ' ') }} and return it with its id."""
        ...

    async def get(self, {{ res }}_id: int) -> {{ Res }}:
        """Return the {{ res.replace('_', ' ') }} with this id."""
        ...
