{%- set Res = cookiecutter.resource_name.title().replace('_', '') -%}
{%- set res = cookiecutter.resource_name -%}
"""Use cases of {{ cookiecutter.resource_plural.replace('_', ' ') }}: create one, read one."""

import structlog

from {{ cookiecutter.service_name }}.domain.{{ res }} import New{{ Res }}, {{ Res }}
from {{ cookiecutter.service_name }}.domain.ports import {{ Res }}Repository

logger = structlog.get_logger(__name__)


class {{ Res }}Service:
    """Creates and reads {{ cookiecutter.resource_plural.replace('_', ' ') }} through the repository port."""

    def __init__(self, repository: {{ Res }}Repository) -> None:
        self._repository = repository

    async def create(self, new_{{ res }}: New{{ Res }}) -> {{ Res }}:
        """Store a new {{ res.replace('_', ' ') }} and return it."""
        {{ res }} = await self._repository.add(new_{{ res }})
        logger.info("{{ res }}.created", {{ res }}_id={{ res }}.id)
        return {{ res }}

    async def get(self, {{ res }}_id: int) -> {{ Res }}:
        """Return the {{ res.replace('_', ' ') }} with this id, or raise ``{{ Res }}NotFoundError``."""
        return await self._repository.get({{ res }}_id)
