"""The {{ cookiecutter.resource_name }} aggregate and the repository port that stores it."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from {{ cookiecutter.service_name }}.domain.errors import NotFoundError


@dataclass(frozen=True, slots=True)
class {{ cookiecutter.__resource_class }}Draft:
    """The fields a client gives to create one of the {{ cookiecutter.resource_plural }}."""

    name: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class {{ cookiecutter.__resource_class }}:
    """A stored {{ cookiecutter.resource_name }}."""

    id: int
    name: str
    description: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class {{ cookiecutter.__resource_class }}Page:
    """One slice of the {{ cookiecutter.resource_plural }}, ordered by id, with the total count."""

    items: list[{{ cookiecutter.__resource_class }}]
    total: int
    offset: int
    limit: int


class {{ cookiecutter.__resource_class }}NotFoundError(NotFoundError):
    """No {{ cookiecutter.resource_name }} has the requested id."""

    def __init__(self, {{ cookiecutter.resource_name }}_id: int) -> None:
        super().__init__(f"{{ cookiecutter.__resource_class }} {{ '{' }}{{ cookiecutter.resource_name }}_id} not found")
        self.{{ cookiecutter.resource_name }}_id = {{ cookiecutter.resource_name }}_id


class {{ cookiecutter.__resource_class }}Repository(Protocol):
    """Storage of {{ cookiecutter.resource_plural }}."""

    async def add(self, draft: {{ cookiecutter.__resource_class }}Draft) -> {{ cookiecutter.__resource_class }}: ...

    async def get(self, {{ cookiecutter.resource_name }}_id: int) -> {{ cookiecutter.__resource_class }} | None: ...

    async def list_page(self, offset: int, limit: int) -> list[{{ cookiecutter.__resource_class }}]: ...

    async def count(self) -> int: ...
