{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""Use cases of the {{ cookiecutter.resource_name.replace('_', ' ') }} aggregate: create, read one, list a page."""

import structlog

{{ from_imports({
    pkg ~ ".domain.errors": [Res ~ "NotFoundError"],
    pkg ~ ".domain.ports": [Res ~ "Repository"],
    pkg ~ ".domain." ~ res: [Res, Res ~ "Draft", Res ~ "Page"],
}) }}

logger = structlog.get_logger(__name__)


class {{ cookiecutter.__resource_class }}Service:
    """Creates and reads {{ cookiecutter.resource_plural.replace('_', ' ') }} through the repository port."""

    def __init__(self, repository: {{ cookiecutter.__resource_class }}Repository) -> None:
        self._repository = repository

    async def create(self, draft: {{ cookiecutter.__resource_class }}Draft) -> {{ cookiecutter.__resource_class }}:
        created = await self._repository.add(draft)
        logger.info("{{ cookiecutter.resource_name }}.created", {{ cookiecutter.resource_name }}_id=created.id)
        return created

    async def get(self, {{ cookiecutter.resource_name }}_id: int) -> {{ cookiecutter.__resource_class }}:
        """Return the {{ cookiecutter.resource_name.replace('_', ' ') }} or raise ``{{ cookiecutter.__resource_class }}NotFoundError``."""
        found = await self._repository.get({{ cookiecutter.resource_name }}_id)
        if found is None:
            raise {{ cookiecutter.__resource_class }}NotFoundError({{ cookiecutter.resource_name }}_id)
        return found

    async def list_page(self, offset: int, limit: int) -> {{ cookiecutter.__resource_class }}Page:
        items = await self._repository.list_page(offset, limit)
        total = await self._repository.count()
        return {{ cookiecutter.__resource_class }}Page(items=items, total=total, offset=offset, limit=limit)
