"""The {{ cookiecutter.resource_name.replace('_', ' ') }} aggregate and the rules its fields follow."""

from dataclasses import dataclass
from datetime import datetime

NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 2000
# Ids are PostgreSQL BIGINTs: nothing larger can exist.
MAX_ID = 2**63 - 1


@dataclass(frozen=True, slots=True)
class {{ cookiecutter.__resource_class }}Draft:
    """The fields a client gives to create one of the {{ cookiecutter.resource_plural.replace('_', ' ') }}."""

    name: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class {{ cookiecutter.__resource_class }}:
    """A stored {{ cookiecutter.resource_name.replace('_', ' ') }}."""

    id: int
    name: str
    description: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class {{ cookiecutter.__resource_class }}Page:
    """One slice of the {{ cookiecutter.resource_plural.replace('_', ' ') }}, ordered by id, with the total count."""

    items: list[{{ cookiecutter.__resource_class }}]
    total: int
    offset: int
    limit: int
