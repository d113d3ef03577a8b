{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
{%- set plural = cookiecutter.resource_plural -%}
"""``/api/v1/{{ plural }}``: create (one or in bulk), read, update, delete, list."""

import re
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Path, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

{{ from_imports({
    pkg ~ ".api.dependencies": [Res ~ "ServiceDep", res ~ "_service_of"],
    pkg ~ ".api.problems": ["problem_responses"],
    pkg ~ ".api.v1." ~ res ~ "_schemas": [
        Res ~ "BulkCreate",
        "Instant",
        "SearchText",
        Res ~ "BulkOut",
        Res ~ "Create",
        Res ~ "Out",
        Res ~ "PageOut",
        Res ~ "Update",
    ],
    pkg ~ ".application." ~ res ~ "_service": ["query_after"],
    pkg ~ ".domain." ~ res: [
        "MAX_ID",
        "MAX_OFFSET",
        "MAX_PAGE_SIZE",
        "Sort",
        Res,
        Res ~ "Filter",
        Res ~ "Query",
    ],
}) }}

router = APIRouter(prefix="/api/v1/{{ plural }}", tags=["{{ plural }}"])

{{ Res }}Id = Annotated[int, Path(ge=1, le=MAX_ID)]
# Visible ASCII, as the contract between the services says.
IdempotencyKey = Annotated[
    str | None,
    Header(min_length=1, max_length=255, pattern=r"^[\x21-\x7e]+$"),
]
IfMatch = Annotated[str | None, Header(description='The current ETag, e.g. "3"')]
_ETAG = re.compile(r'"(\d{1,18})"')


def etag(version: int) -> str:
    return f'"{version}"'


def json_response(
    body: BaseModel,
    status_code: int = status.HTTP_200_OK,
    headers: dict[str, str] | None = None,
) -> Response:
    """Serialize with pydantic's own JSON encoder, without FastAPI re-validating the body."""
    return Response(body.model_dump_json(), status_code, headers, media_type="application/json")


def _version(if_match: str | None, *, required: bool) -> int | None:
    if if_match is None and not required:
        return None
    match = _ETAG.fullmatch((if_match or "").strip())
    if match is None:
        detail = 'Send If-Match with the current ETag, e.g. If-Match: "3" (not *)'
        raise HTTPException(status.HTTP_428_PRECONDITION_REQUIRED, detail)
    return int(match.group(1))


def _one(
    found: {{ Res }},
    status_code: int = status.HTTP_200_OK,
    **headers: str,
) -> Response:
    body = {{ Res }}Out.model_validate(found)
    return json_response(body, status_code, {"ETag": etag(found.version), **headers})


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model={{ Res }}Out,
    responses=problem_responses(400, 409, 413, 415, 422, 503),
)
async def create_{{ res }}(
    body: {{ Res }}Create,
    service: {{ Res }}ServiceDep,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Create one; ``Location`` gives its URL. With ``Idempotency-Key``, a replay of the same
    body answers the first result again (``Idempotent-Replayed: true``) and stores nothing;
    a concurrent replay waits for the first request to finish."""
    created = await service.create(body.to_domain(), idempotency_key)
    headers = {"Location": f"{request.url.path}/{created.{{ res }}.id}"}
    if created.replayed:
        headers["Idempotent-Replayed"] = "true"
    return _one(created.{{ res }}, status.HTTP_201_CREATED, **headers)


@router.post(
    "/bulk",
    status_code=status.HTTP_201_CREATED,
    response_model={{ Res }}BulkOut,
    responses=problem_responses(400, 413, 415, 422, 503),
)
async def create_{{ plural }}(
    body: {{ Res }}BulkCreate,
    service: {{ Res }}ServiceDep,
) -> Response:
    """Create up to 100 in one transaction: all of them, in input order, or none."""
    created = await service.create_many([item.to_domain() for item in body.items])
    items = [{{ Res }}Out.model_validate(one) for one in created]
    return json_response({{ Res }}BulkOut(items=items), status.HTTP_201_CREATED)


@router.get(
    "/{{ '{' }}{{ res }}_id}",
    response_model={{ Res }}Out,
    responses=problem_responses(404, 422, 503),
)
async def get_{{ res }}(
    {{ res }}_id: {{ Res }}Id,
    request: Request,
) -> Response:
    # The hottest route: the service comes without a FastAPI dependency to resolve.
    return _one(await {{ res }}_service_of(request).get({{ res }}_id))


@router.patch(
    "/{{ '{' }}{{ res }}_id}",
    response_model={{ Res }}Out,
    responses=problem_responses(400, 404, 412, 413, 415, 422, 428, 503),
)
async def update_{{ res }}(
    {{ res }}_id: {{ Res }}Id,
    body: {{ Res }}Update,
    service: {{ Res }}ServiceDep,
    if_match: IfMatch = None,
) -> Response:
    """Change some fields; ``If-Match`` must carry the current ETag (412 when stale)."""
    version = _version(if_match, required=True)
    return _one(await service.update({{ res }}_id, body.to_domain(), version or 0))


@router.delete(
    "/{{ '{' }}{{ res }}_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 412, 422, 428, 503),
)
async def delete_{{ res }}(
    {{ res }}_id: {{ Res }}Id,
    service: {{ Res }}ServiceDep,
    if_match: IfMatch = None,
) -> Response:
    """Delete it; with ``If-Match``, only at that version (412 when stale)."""
    await service.delete({{ res }}_id, _version(if_match, required=False))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("", response_model={{ Res }}PageOut, responses=problem_responses(422, 503))
async def list_{{ plural }}(
    service: {{ Res }}ServiceDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
    offset: Annotated[int | None, Query(ge=0, le=MAX_OFFSET)] = None,
    cursor: Annotated[str | None, Query(max_length=2048, description="A next_cursor")] = None,
    sort: Sort = "id",
    name: Annotated[SearchText | None, Query()] = None,
    name_contains: Annotated[SearchText | None, Query()] = None,
    created_after: Annotated[Instant | None, Query()] = None,
    created_before: Annotated[Instant | None, Query()] = None,
) -> Response:
    """A page by ``offset`` (with ``total``) or by ``cursor`` (a ``next_cursor``, which keeps
    the filters and sort it was made with). Ties in the sort are broken by id."""
    if cursor is not None and offset is not None:
        error = {"loc": ("query", "offset"), "msg": "use offset or cursor", "type": "value_error"}
        raise RequestValidationError([error])
    if cursor is not None:
        query = query_after(cursor, limit)
    else:
        where = {{ Res }}Filter(name, name_contains, created_after, created_before)
        query = {{ Res }}Query(where, sort, limit, offset or 0)
    page = await service.list_page(query)
    return json_response({{ Res }}PageOut.model_validate(page))
