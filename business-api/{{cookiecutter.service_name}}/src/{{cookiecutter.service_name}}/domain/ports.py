{%- set Res = cookiecutter.resource_name.title().replace('_', '') -%}
"""Ports: what the use cases need from the outside world, implemented in infrastructure/."""

from typing import Protocol

from {{ cookiecutter.service_name }}.domain.{{ cookiecutter.resource_name }} import New{{ Res }}, {{ Res }}


class {{ Res }}Repository(Protocol):
    """Where {{ cookiecutter.resource_plural.replace('_', ' ') }} are stored.

    Implementations raise ``{{ Res }}NotFoundError`` for an unknown id and
    ``DataSourceError`` (or its subclass ``DataSourceUnavailableError``) when the store fails.
    """

    async def add(self, new_{{ cookiecutter.resource_name }}: New{{ Res }}) -> {{ Res }}:
        """Store a new {{ cookiecutter.resource_name.replace('_', ' ') }} and return it with its id."""
        ...

    async def get(self, {{ cookiecutter.resource_name }}_id: int) -> {{ Res }}:
        """Return the {{ cookiecutter.resource_name.replace('_', ' ') }} with this id."""
        ...
