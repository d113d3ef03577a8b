{%- from "python.j2" import from_imports -%}
"""The ``FileStorage`` port on local disk (one folder; for several replicas, a shared volume).

A file is written to a temporary name and renamed into place once complete, so readers
never see half a file and a refused or broken upload leaves nothing behind. Its content
type is kept beside it in ``<name>.meta.json``. Disk I/O runs in worker threads.
"""

import asyncio
import json
import os
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from pathlib import Path
from typing import BinaryIO

{{ from_imports({cookiecutter.service_name ~ ".domain.files": ["FileTooLargeError", "StoredFile", "StoredFileNotFoundError"]}) }}

CHUNK_SIZE = 64 * 1024


class LocalFileStorage:
    def __init__(self, root: Path) -> None:
        self._root = root

    async def save(
        self,
        key: str,
        content_type: str,
        chunks: AsyncIterable[bytes],
        max_bytes: int,
    ) -> StoredFile:
        target = self._path(key)
        await asyncio.to_thread(target.parent.mkdir, parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
        size = 0
        handle = await asyncio.to_thread(partial.open, "wb")
        try:
            async for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise FileTooLargeError(f"Files are limited to {max_bytes} bytes")
                await asyncio.to_thread(handle.write, chunk)
            await asyncio.to_thread(handle.close)
            meta = json.dumps({"content_type": content_type, "size": size})
            await asyncio.to_thread(_meta(target).write_text, meta)
            await asyncio.to_thread(os.replace, partial, target)
        except BaseException:
            await asyncio.to_thread(handle.close)
            await asyncio.to_thread(partial.unlink, missing_ok=True)
            raise
        return StoredFile(key=key, content_type=content_type, size=size)

    async def open(self, key: str) -> tuple[StoredFile, AsyncIterator[bytes]]:
        target = self._path(key)
        try:
            meta = json.loads(await asyncio.to_thread(_meta(target).read_text))
            handle = await asyncio.to_thread(target.open, "rb")
        except FileNotFoundError:
            raise StoredFileNotFoundError(f"No file is stored for {key}") from None
        stored = StoredFile(key=key, content_type=meta["content_type"], size=meta["size"])
        return stored, _read(handle)

    def _path(self, key: str) -> Path:
        path = (self._root / key).resolve()
        if not path.is_relative_to(self._root.resolve()):
            raise StoredFileNotFoundError(f"No file is stored for {key}")
        return path


def _meta(path: Path) -> Path:
    return path.with_name(f"{path.name}.meta.json")


async def _read(handle: BinaryIO) -> AsyncIterator[bytes]:
    try:
        while chunk := await asyncio.to_thread(handle.read, CHUNK_SIZE):
            yield chunk
    finally:
        await asyncio.to_thread(handle.close)
