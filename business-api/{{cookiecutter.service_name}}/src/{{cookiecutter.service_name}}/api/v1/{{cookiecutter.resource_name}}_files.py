{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""The file of one {{ res.replace('_', ' ') }}: upload (a streamed ``PUT`` of the raw body), download."""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Request, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

{{ from_imports({
    pkg ~ ".application." ~ res ~ "_files": [Res ~ "Files"],
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain." ~ res: ["MAX_ID"],
}) }}

router = APIRouter(prefix="/{{ cookiecutter.resource_plural }}", tags=["{{ cookiecutter.resource_plural }}"])


class StoredFileOut(BaseModel):
    content_type: str
    size: int


async def get_{{ res }}_files(request: Request) -> {{ Res }}Files:
    """The file use cases over what the app holds (see ``api/dependencies.py``)."""
    state = request.app.state
    settings: Settings = state.settings
    return {{ Res }}Files(
        state.{{ res }}_repository,
        state.file_storage,
        settings.file_allowed_types,
        settings.file_max_bytes,
    )


FilesDep = Annotated[{{ Res }}Files, Depends(get_{{ res }}_files)]
{{ Res }}Id = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.put(
    "/{ {{- res }}_id}/file",
    status_code=status.HTTP_201_CREATED,
    responses={
        status.HTTP_404_NOT_FOUND: {"description": "No {{ res.replace('_', ' ') }} has this id"},
        status.HTTP_413_CONTENT_TOO_LARGE: {"description": "The file is too large"},
        status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: {"description": "The type is not accepted"},
    },
)
async def upload_{{ res }}_file(
    {{ res }}_id: {{ Res }}Id,
    request: Request,
    files: FilesDep,
    content_type: Annotated[str, Header()] = "application/octet-stream",
    content_length: Annotated[int | None, Header(ge=0)] = None,
) -> StoredFileOut:
    """Store the request body as the file (replacing any); its ``Content-Type`` is kept."""
    stored = await files.upload(
        {{ res }}_id,
        content_type,
        request.stream(),
        content_length,
    )
    return StoredFileOut(content_type=stored.content_type, size=stored.size)


@router.get(
    "/{ {{- res }}_id}/file",
    response_class=StreamingResponse,
    responses={status.HTTP_404_NOT_FOUND: {"description": "No file is stored for it"}},
)
async def download_{{ res }}_file(
    {{ res }}_id: {{ Res }}Id,
    files: FilesDep,
) -> StreamingResponse:
    stored, chunks = await files.download({{ res }}_id)
    headers = {"Content-Length": str(stored.size)}
    return StreamingResponse(chunks, media_type=stored.content_type, headers=headers)
