{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set audit = cookiecutter.maturity_level|int >= 4 -%}
{%- set imports = {
    pkg ~ ".domain.files": ["FileStorage", "FileTooLargeError", "StoredFile", "UnsupportedFileTypeError"],
    pkg ~ ".domain.ports": [Res ~ "Repository"],
} -%}
{%- if audit %}{% set _ = imports.update({pkg ~ ".application.audit": ["audited"]}) %}{% endif -%}
"""Use cases of the file attached to a {{ res.replace('_', ' ') }}: upload it, download it."""

from collections.abc import AsyncIterable, AsyncIterator

import structlog

{{ from_imports(imports) }}

logger = structlog.get_logger(__name__)


class {{ Res }}Files:
    """One file per {{ res.replace('_', ' ') }}, of an accepted type and at most ``max_bytes``."""

    def __init__(
        self,
        repository: {{ Res }}Repository,
        storage: FileStorage,
        allowed_types: frozenset[str],
        max_bytes: int,
    ) -> None:
        self._repository = repository
        self._storage = storage
        self._allowed_types = allowed_types
        self._max_bytes = max_bytes

{% if audit %}    @audited("{{ res }}.file_upload")
{% endif %}    async def upload(
        self,
        {{ res }}_id: int,
        content_type: str,
        chunks: AsyncIterable[bytes],
        declared_size: int | None = None,
    ) -> StoredFile:
        """Check the type and the declared size first, then stream into the storage."""
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type not in self._allowed_types:
            allowed = ", ".join(sorted(self._allowed_types))
            raise UnsupportedFileTypeError(f"Accepted content types: {allowed}")
        if declared_size is not None and declared_size > self._max_bytes:
            raise FileTooLargeError(f"Files are limited to {self._max_bytes} bytes")
        await self._repository.get({{ res }}_id)  # raises the not-found error
        key = _key({{ res }}_id)
        stored = await self._storage.save(key, media_type, chunks, self._max_bytes)
        logger.info("{{ res }}.file_stored", key=key, size=stored.size)
        return stored

    async def download(
        self,
        {{ res }}_id: int,
    ) -> tuple[StoredFile, AsyncIterator[bytes]]:
        return await self._storage.open(_key({{ res }}_id))


def _key({{ res }}_id: int) -> str:
    return f"{{ cookiecutter.resource_plural }}/{ {{- res }}_id}"
