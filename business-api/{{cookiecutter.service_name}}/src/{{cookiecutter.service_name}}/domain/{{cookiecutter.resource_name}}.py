{%- set Res = cookiecutter.resource_name.title().replace('_', '') -%}
"""The {{ cookiecutter.resource_name.replace('_', ' ') }} entity."""

from dataclasses import dataclass
from datetime import datetime

MAX_ID = 2**63 - 1  # ids are PostgreSQL BIGINTs in the data-api
NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 2000


@dataclass(frozen=True, slots=True)
class New{{ Res }}:
    """Not stored yet: the fields a client provides to create one."""

    name: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class {{ Res }}:
    """One stored {{ cookiecutter.resource_name.replace('_', ' ') }}, with the id the data source gave it."""

    id: int
    name: str
    description: str | None
    created_at: datetime
