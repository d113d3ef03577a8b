{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""Ports: what the use cases need from the outside world, implemented in infrastructure/."""

from contextlib import AbstractAsyncContextManager
from typing import Protocol

{% set modules = {pkg ~ ".domain." ~ res: [Res, Res ~ "Changes", Res ~ "Draft", Res ~ "Query"]} -%}
{%- if cookiecutter.maturity_level == "4" -%}
{%- set _ = modules.update({pkg ~ ".domain.audit": ["AuditEntry"]}) -%}
{%- endif -%}
{{ from_imports(modules) }}


class {{ Res }}Repository(Protocol):
    """Storage of {{ cookiecutter.resource_plural.replace('_', ' ') }}."""

    async def add(self, drafts: list[{{ Res }}Draft]) -> list[{{ Res }}]: ...

    async def get(self, {{ res }}_id: int) -> {{ Res }} | None: ...

    async def update(
        self,
        {{ res }}_id: int,
        changes: {{ Res }}Changes,
        version: int,
    ) -> {{ Res }} | None:
        """Apply ``changes`` if the stored version is ``version``; None when it is not."""
        ...

    async def delete(self, {{ res }}_id: int, version: int | None) -> bool:
        """Delete if present (and at ``version`` when given); whether a row was deleted."""
        ...

    async def find(self, query: {{ Res }}Query) -> list[{{ Res }}]:
        """Up to ``query.limit + 1`` matching rows, sorted: the extra row tells a next page."""
        ...

    async def count(self, query: {{ Res }}Query) -> int: ...


class IdempotencyStore(Protocol):
    """Answers already given to create requests, by idempotency key."""

    async def claim(self, key: str, fingerprint: str) -> tuple[str, str | None] | None:
        """Reserve ``key`` for this transaction; when another request holds or held it, wait
        for that one to finish and return its ``(fingerprint, answer)``."""
        ...

    async def complete(self, key: str, answer: str) -> None: ...

    async def purge(self, older_than_seconds: float) -> int: ...


{% if cookiecutter.maturity_level == "4" -%}
class AuditLog(Protocol):
    """The audit trail, written in the same transaction as the changes it records."""

    async def record(self, entries: list[AuditEntry]) -> None: ...


{% endif -%}
class UnitOfWork(Protocol):
    """The repositories of one database transaction."""

    @property
    def {{ cookiecutter.resource_plural }}(self) -> {{ Res }}Repository: ...

    @property
    def idempotency(self) -> IdempotencyStore: ...
{%- if cookiecutter.maturity_level == "4" %}

    @property
    def audit(self) -> AuditLog: ...
{%- endif %}


class Database(Protocol):
    """Transactions on the primary database, reads possibly on a replica."""

    def transaction(self) -> AbstractAsyncContextManager[UnitOfWork]:
        """Commit when the block ends, roll back when it raises."""
        ...

    def reader(self) -> AbstractAsyncContextManager[{{ Res }}Repository]: ...

    async def ping(self) -> None: ...
