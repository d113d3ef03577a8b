{%- set Res = cookiecutter.resource_name.title().replace('_', '') -%}
"""The {{ cookiecutter.resource_name.replace('_', ' ') }} entity."""

from dataclasses import dataclass
from datetime import datetime

NAME_MAX_LENGTH = 200


@dataclass(frozen=True, slots=True)
class New{{ Res }}:
    """What a client provides to create a {{ cookiecutter.resource_name.replace('_', ' ') }}."""

    name: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class {{ Res }}:
    """A stored {{ cookiecutter.resource_name.replace('_', ' ') }}, as the data-api knows it."""

    id: int
    name: str
    description: str | None
    created_at: datetime
