{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""Request and response bodies of the {{ cookiecutter.resource_plural.replace('_', ' ') }} endpoints."""

from datetime import UTC, datetime
from typing import Annotated, Self

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

{{ from_imports({pkg ~ ".domain." ~ res: [
    "DESCRIPTION_MAX_LENGTH",
    "MAX_PAGE_SIZE",
    "NAME_MAX_LENGTH",
    Res ~ "Changes",
    Res ~ "Draft",
]}) }}

# PostgreSQL rejects NUL characters in text: refuse them here, as a 422.
_NO_NUL = r"^[^\x00]*$"

Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX_LENGTH, pattern=_NO_NUL)]
Description = Annotated[str, Field(max_length=DESCRIPTION_MAX_LENGTH, pattern=_NO_NUL)]
SearchText = Annotated[str, Field(max_length=NAME_MAX_LENGTH, pattern=_NO_NUL)]


def _in_utc(moment: datetime) -> datetime:
    try:
        return moment.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("the instant is out of range") from error


# An RFC 3339 date-time with a zone, as UTC (out-of-range instants are a 422, not a 500).
Instant = Annotated[AwareDatetime, AfterValidator(_in_utc)]
_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class {{ Res }}Create(BaseModel):
    """Body of ``POST /api/v1/{{ cookiecutter.resource_plural }}``."""

    model_config = ConfigDict(
        **_STRICT,
        json_schema_extra={"examples": [{"name": "First", "description": "An example"}]},
    )

    name: Name
    description: Description | None = None

    def to_domain(self) -> {{ Res }}Draft:
        return {{ Res }}Draft(name=self.name, description=self.description)


class {{ Res }}BulkCreate(BaseModel):
    """Body of ``POST /api/v1/{{ cookiecutter.resource_plural }}/bulk``: stored all together or not at all."""

    model_config = _STRICT

    items: list[{{ Res }}Create] = Field(min_length=1, max_length=MAX_PAGE_SIZE)


class {{ Res }}Update(BaseModel):
    """Body of ``PATCH``: the fields to change, at least one."""

    model_config = ConfigDict(
        **_STRICT,
        json_schema_extra={"examples": [{"description": "Changed"}]},
    )

    name: Name | None = None
    description: Description | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("give at least one field to change")
        if "name" in self.model_fields_set and self.name is None:
            raise ValueError("name cannot be null")
        return self

    def to_domain(self) -> {{ Res }}Changes:
        return {{ Res }}Changes(self.model_dump(include=self.model_fields_set))


class {{ Res }}Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str | None
    version: int = Field(description="Starts at 1, grows by one on every update; the ETag")
    created_at: datetime
    updated_at: datetime


class {{ Res }}BulkOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    items: list[{{ Res }}Out]


class {{ Res }}PageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    items: list[{{ Res }}Out]
    total: int | None = Field(description="All matching rows; null with a cursor")
    offset: int | None = Field(description="Null with a cursor")
    limit: int
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page")
