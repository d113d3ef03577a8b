{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
{%- set words = cookiecutter.resource_plural.replace('_', ' ') -%}
"""The {{ res.replace('_', ' ') }} aggregate: its fields, their rules, list queries."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 2000
# Ids are PostgreSQL BIGINTs: nothing larger can exist.
MAX_ID = 2**63 - 1
MAX_PAGE_SIZE = 100
# SQL OFFSET is bound as a 32-bit integer.
MAX_OFFSET = 2**31 - 1

# Declared sort orders: a field, descending with a leading "-"; ties are broken by id.
Sort = Literal["id", "-id", "name", "-name", "created_at", "-created_at"]


@dataclass(frozen=True, slots=True)
class {{ Res }}Draft:
    """The fields a client gives to create one of the {{ words }}."""

    name: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class {{ Res }}Changes:
    """A partial update: only the fields named in ``values`` change."""

    values: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class {{ Res }}:
    """A stored {{ res.replace('_', ' ') }}; ``version`` starts at 1 and grows by one on every update."""

    id: int
    name: str
    description: str | None
    version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class {{ Res }}Filter:
    """Conditions a listed {{ res.replace('_', ' ') }} meets (all of the given ones)."""

    name: str | None = None
    name_contains: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None


@dataclass(frozen=True, slots=True)
class {{ Res }}Query:
    """One page of a list: by ``offset`` or after the sort key ``after`` (keyset pagination)."""

    filter: {{ Res }}Filter
    sort: Sort = "id"
    limit: int = 50
    offset: int | None = 0
    after: tuple[object, int] | None = None


@dataclass(frozen=True, slots=True)
class {{ Res }}Page:
    """One slice of the {{ words }}; ``total`` only for offset pagination."""

    items: list[{{ Res }}]
    limit: int
    total: int | None = None
    offset: int | None = None
    next_cursor: str | None = None
