{%- from "python.j2" import from_imports -%}
"""The ``FileStorage`` port on an S3-compatible object store (AWS S3, MinIO, Ceph...).

Uploads stream with bounded memory: the body is cut into parts of ``PART_SIZE`` bytes; a
file that fits in one part is sent with one ``PutObject``, a larger one as a multipart
upload, one part in memory at a time. The object appears only when the upload completes;
a refused or broken upload is aborted, so it leaves nothing behind. The content type is
the object's ``Content-Type``. Downloads stream the object's body in chunks.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterable, AsyncIterator
from typing import TYPE_CHECKING

from aiobotocore.config import AioConfig
from aiobotocore.response import StreamingBody
from aiobotocore.session import get_session
from botocore.exceptions import BotoCoreError, ClientError

{{ from_imports({
    cookiecutter.service_name ~ ".core.settings": ["Settings"],
    cookiecutter.service_name ~ ".domain.files": [
        "FileStorageUnavailableError",
        "FileTooLargeError",
        "StoredFile",
        "StoredFileNotFoundError",
    ],
}) }}

if TYPE_CHECKING:  # types only: the stubs are a development dependency
    from types_aiobotocore_s3 import S3Client
    from types_aiobotocore_s3.type_defs import CompletedPartTypeDef

PART_SIZE = 8 * 1024 * 1024  # S3 needs 5 MiB or more for every part but the last
CHUNK_SIZE = 64 * 1024
_PROBE_TIMEOUT_SECONDS = 2.0
_NOT_FOUND = frozenset({"404", "NoSuchKey", "NotFound"})


def create_s3_client(settings: Settings) -> contextlib.AbstractAsyncContextManager["S3Client"]:
    """An S3 client with pooled connections; enter it for the process's lifetime."""
    key_id = settings.s3_access_key_id
    secret = settings.s3_secret_access_key
    config = AioConfig(
        connect_timeout=settings.s3_connect_timeout_seconds,
        read_timeout=settings.s3_timeout_seconds,
        retries={"max_attempts": settings.s3_attempts, "mode": "standard"},
        max_pool_connections=settings.s3_max_connections,
    )
    return get_session().create_client(
        "s3",
        region_name=settings.s3_region,
        endpoint_url=str(settings.s3_endpoint_url) if settings.s3_endpoint_url else None,
        aws_access_key_id=key_id.get_secret_value() if key_id else None,
        aws_secret_access_key=secret.get_secret_value() if secret else None,
        config=config,
    )


class S3FileStorage:
    def __init__(self, client: "S3Client", bucket: str) -> None:
        self._client = client
        self._bucket = bucket

    async def save(
        self,
        key: str,
        content_type: str,
        chunks: AsyncIterable[bytes],
        max_bytes: int,
    ) -> StoredFile:
        upload_id: str | None = None
        parts: list[CompletedPartTypeDef] = []
        buffer = bytearray()
        size = 0
        try:
            async for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise FileTooLargeError(f"Files are limited to {max_bytes} bytes")
                buffer += chunk
                if len(buffer) >= PART_SIZE:
                    if upload_id is None:
                        started = await self._client.create_multipart_upload(
                            Bucket=self._bucket, Key=key, ContentType=content_type
                        )
                        upload_id = started["UploadId"]
                    parts.append(await self._upload_part(key, upload_id, len(parts) + 1, buffer))
                    buffer = bytearray()
            if upload_id is None:
                await self._client.put_object(
                    Bucket=self._bucket, Key=key, Body=bytes(buffer), ContentType=content_type
                )
            else:
                if buffer or not parts:
                    parts.append(await self._upload_part(key, upload_id, len(parts) + 1, buffer))
                await self._client.complete_multipart_upload(
                    Bucket=self._bucket,
                    Key=key,
                    UploadId=upload_id,
                    MultipartUpload={"Parts": parts},
                )
        except BaseException as exc:
            if upload_id is not None:
                await asyncio.shield(self._abort(key, upload_id))
            if isinstance(exc, BotoCoreError | ClientError):
                raise FileStorageUnavailableError(f"S3 refused the upload: {exc}") from exc
            raise
        return StoredFile(key=key, content_type=content_type, size=size)

    async def open(self, key: str) -> tuple[StoredFile, AsyncIterator[bytes]]:
        try:
            answer = await self._client.get_object(Bucket=self._bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _NOT_FOUND:
                raise StoredFileNotFoundError(f"No file is stored for {key}") from None
            raise FileStorageUnavailableError(f"S3 refused the download: {exc}") from exc
        except BotoCoreError as exc:
            raise FileStorageUnavailableError(f"S3 is unreachable: {exc}") from exc
        stored = StoredFile(
            key=key,
            content_type=answer.get("ContentType", "application/octet-stream"),
            size=answer["ContentLength"],
        )
        return stored, _read(answer["Body"])

    async def ready(self) -> bool:
        """Whether the bucket exists and answers within two seconds."""
        try:
            async with asyncio.timeout(_PROBE_TIMEOUT_SECONDS):
                await self._client.head_bucket(Bucket=self._bucket)
        except (BotoCoreError, ClientError, TimeoutError):
            return False
        return True

    async def _upload_part(
        self, key: str, upload_id: str, number: int, content: bytearray
    ) -> "CompletedPartTypeDef":
        answer = await self._client.upload_part(
            Bucket=self._bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=bytes(content)
        )
        return {"ETag": answer["ETag"], "PartNumber": number}

    async def _abort(self, key: str, upload_id: str) -> None:
        # When S3 itself fails, a lifecycle rule on incomplete uploads is the safety net.
        with contextlib.suppress(BotoCoreError, ClientError):
            await self._client.abort_multipart_upload(
                Bucket=self._bucket, Key=key, UploadId=upload_id
            )


async def _read(body: StreamingBody) -> AsyncIterator[bytes]:
    async with body:
        async for chunk in body.iter_chunks(CHUNK_SIZE):
            yield chunk
