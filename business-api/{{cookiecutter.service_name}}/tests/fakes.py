{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""In-memory implementations of the domain's ports, for unit tests."""

from datetime import UTC, datetime

{{ from_imports({
    pkg ~ ".domain.errors": ["DomainError", Res ~ "NotFoundError"],
    pkg ~ ".domain." ~ res: [Res, "New" ~ Res],
}) }}


class InMemory{{ Res }}Repository:
    """The ``{{ Res }}Repository`` port in a dict."""

    def __init__(self) -> None:
        self.{{ cookiecutter.resource_plural }}: dict[int, {{ Res }}] = {}
        self.error: DomainError | None = None  # raised by every call when set

    async def add(self, new: New{{ Res }}) -> {{ Res }}:
        self._fail_if_told()
        created = {{ Res }}(
            id=len(self.{{ cookiecutter.resource_plural }}) + 1,
            name=new.name,
            description=new.description,
            created_at=datetime.now(UTC),
        )
        self.{{ cookiecutter.resource_plural }}[created.id] = created
        return created

    async def get(self, {{ res }}_id: int) -> {{ Res }}:
        self._fail_if_told()
        try:
            return self.{{ cookiecutter.resource_plural }}[{{ res }}_id]
        except KeyError:
            raise {{ Res }}NotFoundError({{ res }}_id) from None

    def _fail_if_told(self) -> None:
        if self.error is not None:
            raise self.error
