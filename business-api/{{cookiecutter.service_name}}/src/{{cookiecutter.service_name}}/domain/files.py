"""Files attached to resources, and the storage port that keeps them."""

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from typing import Protocol

from {{ cookiecutter.service_name }}.domain.errors import DomainError


@dataclass(frozen=True, slots=True)
class StoredFile:
    key: str
    content_type: str
    size: int


class FileTooLargeError(DomainError):
    """The file is larger than allowed; nothing of it was kept."""


class UnsupportedFileTypeError(DomainError):
    """The file's content type is not among the accepted ones."""


class StoredFileNotFoundError(DomainError):
    """No file is stored under this key."""


class FileStorageUnavailableError(DomainError):
    """The storage did not answer or refused the operation; nothing was stored."""


class FileStorage(Protocol):
    """Where files are kept. ``save`` streams: it never holds a whole file in memory."""

    async def save(
        self,
        key: str,
        content_type: str,
        chunks: AsyncIterable[bytes],
        max_bytes: int,
    ) -> StoredFile:
        """Store the chunks under ``key`` (replacing any file there), all or nothing;
        raise ``FileTooLargeError`` past ``max_bytes``."""
        ...

    async def open(self, key: str) -> tuple[StoredFile, AsyncIterator[bytes]]:
        """The stored file and its content in chunks; ``StoredFileNotFoundError`` if none."""
        ...
