{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""Request and response bodies of the {{ cookiecutter.resource_plural.replace('_', ' ') }} endpoints."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

{{ from_imports({pkg ~ ".domain." ~ res: ["DESCRIPTION_MAX_LENGTH", "NAME_MAX_LENGTH", Res ~ "Draft"]}) }}

# PostgreSQL rejects NUL characters in text: refuse them here, as a 422.
_NO_NUL = r"^[^\x00]*$"

Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX_LENGTH, pattern=_NO_NUL)]
Description = Annotated[str, Field(max_length=DESCRIPTION_MAX_LENGTH, pattern=_NO_NUL)]


class {{ cookiecutter.__resource_class }}Create(BaseModel):
    """Body of ``POST /api/v1/{{ cookiecutter.resource_plural }}``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Name
    description: Description | None = None

    def to_domain(self) -> {{ cookiecutter.__resource_class }}Draft:
        return {{ cookiecutter.__resource_class }}Draft(name=self.name, description=self.description)


class {{ cookiecutter.__resource_class }}Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str | None
    created_at: datetime


class {{ cookiecutter.__resource_class }}PageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    items: list[{{ cookiecutter.__resource_class }}Out]
    total: int
    offset: int
    limit: int
