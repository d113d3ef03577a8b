{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""Ports: what the use cases need from the outside world, implemented in infrastructure/."""

from collections.abc import Sequence
from typing import Protocol

{{ from_imports({pkg ~ ".domain." ~ res: [Res, Res ~ "Changes", Res ~ "Page", Res ~ "Query", "New" ~ Res]}) }}


class {{ Res }}Repository(Protocol):
    """Where {{ cookiecutter.resource_plural.replace('_', ' ') }} are stored.

    Implementations raise the domain's errors: the not-found error for an unknown id,
    ``VersionMismatchError`` for a stale version, ``DataSourceError`` (or its subclasses
    ``DataSourceUnavailableError`` and ``DataSourceTimeoutError``) when the store fails.
    """

    async def add(
        self,
        new: New{{ Res }},
        idempotency_key: str | None = None,
    ) -> {{ Res }}:
        """Store a new one; a replayed ``idempotency_key`` returns the first answer."""
        ...

    async def add_many(
        self,
        news: Sequence[New{{ Res }}],
    ) -> list[{{ Res }}]:
        """Store several, all or none, and return them in the same order."""
        ...

    async def get(self, {{ res }}_id: int) -> {{ Res }}:
        """Return the {{ res.replace('_', ' ') }} with this id."""
        ...

    async def list(
        self,
        query: {{ Res }}Query,
    ) -> {{ Res }}Page:
        """Return one page of {{ cookiecutter.resource_plural.replace('_', ' ') }}."""
        ...

    async def update(
        self,
        {{ res }}_id: int,
        changes: {{ Res }}Changes,
        expected_version: int,
    ) -> {{ Res }}:
        """Apply ``changes`` if the stored version is still ``expected_version``."""
        ...

    async def delete(
        self,
        {{ res }}_id: int,
        expected_version: int | None = None,
    ) -> None:
        """Remove the {{ res.replace('_', ' ') }} (only at ``expected_version`` when given)."""
        ...
