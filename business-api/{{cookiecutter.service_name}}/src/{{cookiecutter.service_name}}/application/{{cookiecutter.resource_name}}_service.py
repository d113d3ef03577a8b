{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""Use cases of {{ cookiecutter.resource_plural.replace('_', ' ') }}: create one, read one."""

import structlog

{{ from_imports({
    pkg ~ ".domain." ~ res: [Res, "New" ~ Res],
    pkg ~ ".domain.ports": [Res ~ "Repository"],
}) }}

logger = structlog.get_logger(__name__)


class {{ Res }}Service:
    """Creates and reads {{ cookiecutter.resource_plural.replace('_', ' ') }} through the repository port."""

    def __init__(self, repository: {{ Res }}Repository) -> None:
        self._repository = repository

    async def create(self, new: New{{ Res }}) -> {{ Res }}:
        """Store a new {{ res.replace('_', ' ') }} and return it."""
        created = await self._repository.add(new)
        logger.info("{{ res }}.created", {{ res }}_id=created.id)
        return created

    async def get(self, {{ res }}_id: int) -> {{ Res }}:
        """Return the {{ res.replace('_', ' ') }} with this id (or raise the not-found error)."""
        return await self._repository.get({{ res }}_id)
