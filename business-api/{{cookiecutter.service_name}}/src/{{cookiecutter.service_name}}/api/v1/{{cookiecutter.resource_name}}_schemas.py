{%- set Res = cookiecutter.resource_name.title().replace('_', '') -%}
{%- set res = cookiecutter.resource_name -%}
"""Request and response bodies of the {{ cookiecutter.resource_plural.replace('_', ' ') }} endpoints."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from {{ cookiecutter.service_name }}.domain.{{ res }} import NAME_MAX_LENGTH, New{{ Res }}, {{ Res }}


class {{ Res }}Create(BaseModel):
    """Body of ``POST /api/v1/{{ cookiecutter.resource_plural }}``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=NAME_MAX_LENGTH)
    description: str | None = None

    def to_domain(self) -> New{{ Res }}:
        return New{{ Res }}(name=self.name, description=self.description)


class {{ Res }}Out(BaseModel):
    """A {{ res.replace('_', ' ') }} as this API returns it."""

    id: int
    name: str
    description: str | None
    created_at: datetime

    @classmethod
    def from_domain(cls, {{ res }}: {{ Res }}) -> "{{ Res }}Out":
        return cls(
            id={{ res }}.id,
            name={{ res }}.name,
            description={{ res }}.description,
            created_at={{ res }}.created_at,
        )
