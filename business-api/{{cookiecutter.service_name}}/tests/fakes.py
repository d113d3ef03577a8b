{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set events = cookiecutter.use_rabbitmq == "yes" or cookiecutter.websocket == "yes" -%}
{%- set imports = {
    pkg ~ ".domain.errors": [Res ~ "NotFoundError", "VersionMismatchError"],
    pkg ~ ".domain." ~ res: [Res, Res ~ "Changes", Res ~ "Page", Res ~ "Query", "New" ~ Res],
} -%}
{%- if events %}{% set _ = imports.update({pkg ~ ".domain.events": [Res ~ "Event"]}) %}{% endif -%}
"""In-memory implementations of the domain's ports, for unit tests."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

{{ from_imports(imports) }}


class InMemory{{ Res }}Repository:
    """The ``{{ Res }}Repository`` port in a dict (offset pagination, sorted by id)."""

    def __init__(self, first_id: int = 1) -> None:
        self.{{ cookiecutter.resource_plural }}: dict[int, {{ Res }}] = {}
        self.next_id = first_id
        self.keys: dict[str, {{ Res }}] = {}
        self.error: Exception | None = None  # raised by every call when set
        self.calls = 0

    async def add(
        self,
        new: New{{ Res }},
        idempotency_key: str | None = None,
    ) -> {{ Res }}:
        self._called()
        if idempotency_key in self.keys:
            return self.keys[idempotency_key]
        now = datetime.now(UTC)
        created = {{ Res }}(
            id=self.next_id,
            name=new.name,
            description=new.description,
            version=1,
            created_at=now,
            updated_at=now,
        )
        self.{{ cookiecutter.resource_plural }}[created.id] = created
        self.next_id += 1
        if idempotency_key is not None:
            self.keys[idempotency_key] = created
        return created

    async def add_many(
        self,
        news: Sequence[New{{ Res }}],
    ) -> list[{{ Res }}]:
        return [await self.add(new) for new in news]

    async def get(self, {{ res }}_id: int) -> {{ Res }}:
        self._called()
        try:
            return self.{{ cookiecutter.resource_plural }}[{{ res }}_id]
        except KeyError:
            raise {{ Res }}NotFoundError({{ res }}_id) from None

    async def list(
        self,
        query: {{ Res }}Query,
    ) -> {{ Res }}Page:
        self._called()
        found = sorted(self.{{ cookiecutter.resource_plural }}.values(), key=lambda one: one.id)
        start = query.offset or 0
        return {{ Res }}Page(
            items=found[start : start + query.limit],
            limit=query.limit,
            total=len(found),
            offset=start,
        )

    async def update(
        self,
        {{ res }}_id: int,
        changes: {{ Res }}Changes,
        expected_version: int,
    ) -> {{ Res }}:
        current = await self.get({{ res }}_id)
        if current.version != expected_version:
            raise VersionMismatchError
        updated = replace(
            current,
            name=str(changes.fields.get("name", current.name)),
            description=changes.fields.get("description", current.description),
            version=current.version + 1,
            updated_at=datetime.now(UTC),
        )
        self.{{ cookiecutter.resource_plural }}[{{ res }}_id] = updated
        return updated

    async def delete(
        self,
        {{ res }}_id: int,
        expected_version: int | None = None,
    ) -> None:
        current = await self.get({{ res }}_id)
        if expected_version is not None and current.version != expected_version:
            raise VersionMismatchError
        del self.{{ cookiecutter.resource_plural }}[{{ res }}_id]

    def _called(self) -> None:
        self.calls += 1
        if self.error is not None:
            raise self.error
{%- if events %}


class RecordingPublisher:
    """The ``EventPublisher`` port, keeping what it is given."""

    def __init__(self) -> None:
        self.events: list[{{ Res }}Event] = []
        self.error: Exception | None = None  # raised by every publish when set

    async def publish(self, event: {{ Res }}Event) -> None:
        if self.error is not None:
            raise self.error
        self.events.append(event)
{%- endif %}
