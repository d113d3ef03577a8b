{%- set Res = cookiecutter.resource_name.title().replace('_', '') -%}
{%- set res = cookiecutter.resource_name -%}
"""In-memory implementations of the domain's ports, for unit tests."""

from datetime import UTC, datetime

from {{ cookiecutter.service_name }}.domain.errors import DomainError, {{ Res }}NotFoundError
from {{ cookiecutter.service_name }}.domain.{{ res }} import New{{ Res }}, {{ Res }}


class InMemory{{ Res }}Repository:
    def __init__(self) -> None:
        self.{{ cookiecutter.resource_plural }}: dict[int, {{ Res }}] = {}
        self.error: DomainError | None = None  # raised by every call when set

    async def add(self, new_{{ res }}: New{{ Res }}) -> {{ Res }}:
        self._fail_if_told()
        {{ res }} = {{ Res }}(
            id=len(self.{{ cookiecutter.resource_plural }}) + 1,
            name=new_{{ res }}.name,
            description=new_{{ res }}.description,
            created_at=datetime.now(UTC),
        )
        self.{{ cookiecutter.resource_plural }}[{{ res }}.id] = {{ res }}
        return {{ res }}

    async def get(self, {{ res }}_id: int) -> {{ Res }}:
        self._fail_if_told()
        try:
            return self.{{ cookiecutter.resource_plural }}[{{ res }}_id]
        except KeyError:
            raise {{ Res }}NotFoundError({{ res }}_id) from None

    def _fail_if_told(self) -> None:
        if self.error is not None:
            raise self.error
