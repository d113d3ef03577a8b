{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""Request and response bodies of the {{ cookiecutter.resource_plural.replace('_', ' ') }} endpoints."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

{{ from_imports({pkg ~ ".domain." ~ res: ["BULK_MAX_ITEMS", "DESCRIPTION_MAX_LENGTH", "NAME_MAX_LENGTH", Res ~ "Changes", "New" ~ Res]}) }}

# The data-api keeps text in PostgreSQL, which rejects NUL characters: refuse them here.
_NO_NUL = r"^[^\x00]*$"

Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX_LENGTH, pattern=_NO_NUL)]
Description = Annotated[str, Field(max_length=DESCRIPTION_MAX_LENGTH, pattern=_NO_NUL)]


class {{ Res }}Create(BaseModel):
    """Body of ``POST /api/v1/{{ cookiecutter.resource_plural }}``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Name
    description: Description | None = None

    def to_domain(self) -> New{{ Res }}:
        return New{{ Res }}(name=self.name, description=self.description)


class {{ Res }}BulkCreate(BaseModel):
    """Body of ``POST /api/v1/{{ cookiecutter.resource_plural }}/bulk``: all are created, or none."""

    model_config = ConfigDict(extra="forbid")

    items: Annotated[
        list[{{ Res }}Create],
        Field(min_length=1, max_length=BULK_MAX_ITEMS),
    ]


class {{ Res }}Update(BaseModel):
    """Body of ``PATCH``: the fields to change (at least one)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Name | None = None
    description: Description | None = None

    def to_domain(self) -> {{ Res }}Changes:
        return {{ Res }}Changes(self.model_dump(exclude_unset=True))


class {{ Res }}Out(BaseModel):
    """One {{ res.replace('_', ' ') }}, as this API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str | None
    version: int
    created_at: datetime
    updated_at: datetime


class {{ Res }}List(BaseModel):
    """One page; ``next_cursor`` (when not null) fetches the next one."""

    model_config = ConfigDict(from_attributes=True)

    items: list[{{ Res }}Out]
    total: int | None
    offset: int | None
    limit: int
    next_cursor: str | None


class {{ Res }}Bulk(BaseModel):
    """The created {{ cookiecutter.resource_plural.replace('_', ' ') }}, in the order of the request."""

    items: list[{{ Res }}Out]
