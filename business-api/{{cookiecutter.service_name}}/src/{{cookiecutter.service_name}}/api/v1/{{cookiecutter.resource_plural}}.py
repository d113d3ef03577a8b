{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""``/api/v1/{{ cookiecutter.resource_plural }}``: create, read, list, change and delete."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Path, Query, Request, Response, status
from pydantic import TypeAdapter

{{ from_imports({
    pkg ~ ".api.dependencies": [Res ~ "ServiceDep"],
    pkg ~ ".api.v1." ~ res ~ "_schemas": [
        Res ~ "Bulk",
        Res ~ "BulkCreate",
        Res ~ "Create",
        Res ~ "List",
        Res ~ "Out",
        Res ~ "Update",
    ],
    pkg ~ ".domain." ~ res: [Res, Res ~ "Query", "MAX_ID", "PAGE_MAX_LIMIT"],
    pkg ~ ".domain.errors": ["VersionMismatchError"],
}) }}

router = APIRouter(prefix="/{{ cookiecutter.resource_plural }}", tags=["{{ cookiecutter.resource_plural }}"])

_ENTITY_JSON = TypeAdapter({{ Res }})

{{ Res }}Id = Annotated[int, Path(ge=1, le=MAX_ID)]
IdempotencyKey = Annotated[
    str | None,
    Header(min_length=1, max_length=255, pattern=r"^[\x21-\x7e]+$"),
]
IfMatch = Annotated[str | None, Header(max_length=40)]
Text = Annotated[str | None, Query(min_length=1, max_length=200, pattern=r"^[^\x00]*$")]
Sort = Literal["id", "-id", "name", "-name", "created_at", "-created_at"]

_DEPENDENCY_ERRORS: dict[int | str, dict[str, str]] = {
    status.HTTP_502_BAD_GATEWAY: {"description": "The data-api answered unexpectedly"},
    status.HTTP_503_SERVICE_UNAVAILABLE: {"description": "The data-api is unavailable"},
    status.HTTP_504_GATEWAY_TIMEOUT: {"description": "The data-api did not answer in time"},
}
_NOT_FOUND: dict[int | str, dict[str, str]] = {
    status.HTTP_404_NOT_FOUND: {"description": "No {{ res.replace('_', ' ') }} has this id"},
}


def _etag(version: int) -> str:
    return f'"{version}"'


def _version(if_match: str | None) -> int | None:
    """The version an ``If-Match: "<version>"`` names; anything else cannot match."""
    if if_match is None:
        return None
    value = if_match.strip().removeprefix("W/").strip('"')
    if not (value.isascii() and value.isdigit()):
        raise VersionMismatchError
    return int(value)


@router.get(
    "/{ {{- res }}_id}",
    response_model={{ Res }}Out,
    responses={**_NOT_FOUND, **_DEPENDENCY_ERRORS},
)
async def get_{{ res }}(
    {{ res }}_id: {{ Res }}Id,
    service: {{ Res }}ServiceDep,
) -> Response:
    """Return one {{ res.replace('_', ' ') }}; ``ETag`` holds its version."""
    found = await service.get({{ res }}_id)
    # The hottest route, matched first: the entity is serialized once, in Rust, without a
    # model in between.
    return Response(
        _ENTITY_JSON.dump_json(found),
        media_type="application/json",
        headers={"ETag": _etag(found.version)},
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={
        status.HTTP_409_CONFLICT: {"description": "The same key is still in progress"},
        **_DEPENDENCY_ERRORS,
    },
)
async def create_{{ res }}(
    body: {{ Res }}Create,
    service: {{ Res }}ServiceDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> {{ Res }}Out:
    """Create one; ``Location`` gives its URL. A replayed ``Idempotency-Key`` creates nothing."""
    created = await service.create(body.to_domain(), idempotency_key)
    response.headers["Location"] = f"{request.url.path}/{created.id}"
    response.headers["ETag"] = _etag(created.version)
    return {{ Res }}Out.model_validate(created)


@router.post("/bulk", status_code=status.HTTP_201_CREATED, responses=_DEPENDENCY_ERRORS)
async def create_{{ cookiecutter.resource_plural }}(
    body: {{ Res }}BulkCreate,
    service: {{ Res }}ServiceDep,
) -> {{ Res }}Bulk:
    """Create up to 100 at once, all or none; the answer keeps the request's order."""
    created = await service.create_many([item.to_domain() for item in body.items])
    items = [{{ Res }}Out.model_validate(one) for one in created]
    return {{ Res }}Bulk(items=items)


@router.get("", responses=_DEPENDENCY_ERRORS)
async def list_{{ cookiecutter.resource_plural }}(
    service: {{ Res }}ServiceDep,
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX_LIMIT)] = 50,
    offset: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
    cursor: Annotated[str | None, Query(min_length=1, max_length=500)] = None,
    sort: Sort = "id",
    name: Text = None,
    name_contains: Text = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
) -> {{ Res }}List:
    """One page by ``offset`` (with ``total``) or by the ``cursor`` of the previous page."""
    query = {{ Res }}Query(
        limit=limit,
        offset=offset if offset is not None or cursor is not None else 0,
        cursor=cursor,
        sort=sort,
        name=name,
        name_contains=name_contains,
        created_after=created_after,
        created_before=created_before,
    )
    return {{ Res }}List.model_validate(await service.list(query))


@router.patch(
    "/{ {{- res }}_id}",
    responses={
        **_NOT_FOUND,
        status.HTTP_412_PRECONDITION_FAILED: {"description": "If-Match is not the version"},
        status.HTTP_428_PRECONDITION_REQUIRED: {"description": "If-Match is missing"},
        **_DEPENDENCY_ERRORS,
    },
)
async def update_{{ res }}(
    {{ res }}_id: {{ Res }}Id,
    body: {{ Res }}Update,
    service: {{ Res }}ServiceDep,
    response: Response,
    if_match: IfMatch = None,
) -> {{ Res }}Out:
    """Change some fields; ``If-Match: "<version>"`` (from ``ETag``) is required."""
    updated = await service.update({{ res }}_id, body.to_domain(), _version(if_match))
    response.headers["ETag"] = _etag(updated.version)
    return {{ Res }}Out.model_validate(updated)


@router.delete(
    "/{ {{- res }}_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        **_NOT_FOUND,
        status.HTTP_412_PRECONDITION_FAILED: {"description": "If-Match is not the version"},
        **_DEPENDENCY_ERRORS,
    },
)
async def delete_{{ res }}(
    {{ res }}_id: {{ Res }}Id,
    service: {{ Res }}ServiceDep,
    if_match: IfMatch = None,
) -> None:
    """Delete one; with ``If-Match``, only if it is still at that version."""
    await service.delete({{ res }}_id, _version(if_match))
