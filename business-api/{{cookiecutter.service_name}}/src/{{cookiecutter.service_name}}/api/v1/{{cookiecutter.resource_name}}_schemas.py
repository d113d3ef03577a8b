{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""Request and response bodies of the {{ cookiecutter.resource_plural.replace('_', ' ') }} endpoints."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

{{ from_imports({pkg ~ ".domain." ~ res: ["DESCRIPTION_MAX_LENGTH", "NAME_MAX_LENGTH", "New" ~ Res]}) }}

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


class {{ Res }}Out(BaseModel):
    """One {{ res.replace('_', ' ') }}, as this API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str | None
    created_at: datetime
