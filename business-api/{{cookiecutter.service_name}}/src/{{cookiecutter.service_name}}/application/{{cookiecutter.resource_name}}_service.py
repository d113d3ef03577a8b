{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set events = cookiecutter.use_rabbitmq == "yes" or cookiecutter.websocket == "yes" -%}
{%- set imports = {
    pkg ~ ".domain." ~ res: [Res, Res ~ "Changes", Res ~ "Page", Res ~ "Query", "BULK_MAX_ITEMS", "New" ~ Res, "require_version"],
    pkg ~ ".domain.errors": ["BusinessRuleError"],
    pkg ~ ".domain.ports": [Res ~ "Repository"],
} -%}
{%- if events %}{% set _ = imports.update({pkg ~ ".domain.events": ["EventPublisher", Res ~ "Event"]}) %}{% endif -%}
{%- set audit = cookiecutter.maturity_level|int >= 4 -%}
{%- if audit %}{% set _ = imports.update({pkg ~ ".application.audit": ["audited"]}) %}{% endif -%}
"""Use cases of {{ cookiecutter.resource_plural.replace('_', ' ') }}: create, read, list, change and delete."""

from collections.abc import Sequence

import structlog

{{ from_imports(imports) }}

logger = structlog.get_logger(__name__)


class {{ Res }}Service:
{%- if events %}
    """Orchestrates the {{ res.replace('_', ' ') }} use cases over the repository port.

    Each change is announced through ``events`` after it is stored; if that fails,
    ``EventPublishError`` reaches the client (503), so no change goes unannounced silently.
    """

    def __init__(
        self,
        repository: {{ Res }}Repository,
        events: EventPublisher | None = None,
    ) -> None:
        self._repository = repository
        self._events = events
{%- else %}
    """Orchestrates the {{ res.replace('_', ' ') }} use cases over the repository port."""

    def __init__(self, repository: {{ Res }}Repository) -> None:
        self._repository = repository
{%- endif %}

{% if audit %}    @audited("{{ res }}.create")
{% endif %}    async def create(
        self,
        new: New{{ Res }},
        idempotency_key: str | None = None,
    ) -> {{ Res }}:
        """Store a new {{ res.replace('_', ' ') }}; a replay with the same key returns the first."""
        created = await self._repository.add(new, idempotency_key)
        logger.info("{{ res }}.created", {{ res }}_id=created.id)
{%- if events %}
        await self._announce({{ Res }}Event("created", created.id, created))
{%- endif %}
        return created

{% if audit %}    @audited("{{ res }}.create_many")
{% endif %}    async def create_many(
        self,
        news: Sequence[New{{ Res }}],
    ) -> list[{{ Res }}]:
        """Store 1 to ``BULK_MAX_ITEMS`` at once, all or none."""
        if not 1 <= len(news) <= BULK_MAX_ITEMS:
            raise BusinessRuleError("items", f"must hold 1 to {BULK_MAX_ITEMS} entries")
        created = await self._repository.add_many(news)
        logger.info("{{ res }}.bulk_created", count=len(created))
{%- if events %}
        for one in created:
            await self._announce({{ Res }}Event("created", one.id, one))
{%- endif %}
        return created

    async def get(self, {{ res }}_id: int) -> {{ Res }}:
        """Return the {{ res.replace('_', ' ') }} with this id (or raise the not-found error)."""
        return await self._repository.get({{ res }}_id)

    async def list(self, query: {{ Res }}Query) -> {{ Res }}Page:
        """Return one page, filtered and sorted as ``query`` says."""
        return await self._repository.list(query)

{% if audit %}    @audited("{{ res }}.update")
{% endif %}    async def update(
        self,
        {{ res }}_id: int,
        changes: {{ Res }}Changes,
        expected_version: int | None,
    ) -> {{ Res }}:
        """Apply ``changes`` to the version the client read; a stale version is refused."""
        version = require_version(expected_version)
        updated = await self._repository.update({{ res }}_id, changes, version)
        logger.info(
            "{{ res }}.updated",
            {{ res }}_id={{ res }}_id,
            version=updated.version,
        )
{%- if events %}
        await self._announce({{ Res }}Event("updated", updated.id, updated))
{%- endif %}
        return updated

{% if audit %}    @audited("{{ res }}.delete")
{% endif %}    async def delete(
        self,
        {{ res }}_id: int,
        expected_version: int | None = None,
    ) -> None:
        """Remove the {{ res.replace('_', ' ') }}; with ``expected_version``, only if unchanged."""
        await self._repository.delete({{ res }}_id, expected_version)
        logger.info("{{ res }}.deleted", {{ res }}_id={{ res }}_id)
{%- if events %}
        await self._announce({{ Res }}Event("deleted", {{ res }}_id))

    async def _announce(self, event: {{ Res }}Event) -> None:
        if self._events is not None:
            await self._events.publish(event)
{%- endif %}
