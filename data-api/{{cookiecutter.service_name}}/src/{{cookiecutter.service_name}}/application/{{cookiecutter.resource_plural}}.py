"""Use cases of the {{ cookiecutter.resource_name }} aggregate."""

from {{ cookiecutter.service_name }}.domain.{{ cookiecutter.resource_name }} import (
    {{ cookiecutter.__resource_class }},
    {{ cookiecutter.__resource_class }}Draft,
    {{ cookiecutter.__resource_class }}NotFoundError,
    {{ cookiecutter.__resource_class }}Page,
    {{ cookiecutter.__resource_class }}Repository,
)


class {{ cookiecutter.__resource_class }}Service:
    """Creates and reads {{ cookiecutter.resource_plural }} through a repository."""

    def __init__(self, repository: {{ cookiecutter.__resource_class }}Repository) -> None:
        self._repository = repository

    async def create(self, draft: {{ cookiecutter.__resource_class }}Draft) -> {{ cookiecutter.__resource_class }}:
        return await self._repository.add(draft)

    async def get(self, {{ cookiecutter.resource_name }}_id: int) -> {{ cookiecutter.__resource_class }}:
        """Return the {{ cookiecutter.resource_name }} or raise ``{{ cookiecutter.__resource_class }}NotFoundError``."""
        found = await self._repository.get({{ cookiecutter.resource_name }}_id)
        if found is None:
            raise {{ cookiecutter.__resource_class }}NotFoundError({{ cookiecutter.resource_name }}_id)
        return found

    async def list_page(self, offset: int, limit: int) -> {{ cookiecutter.__resource_class }}Page:
        items = await self._repository.list_page(offset, limit)
        total = await self._repository.count()
        return {{ cookiecutter.__resource_class }}Page(items=items, total=total, offset=offset, limit=limit)
