{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""``/api/v1/{{ cookiecutter.resource_plural }}``: create, read by id, list."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status

from {{ cookiecutter.service_name }}.api.dependencies import {{ cookiecutter.__resource_class }}ServiceDep
{{ from_imports({pkg ~ ".api.v1." ~ res ~ "_schemas": [Res ~ "Create", Res ~ "Out", Res ~ "PageOut"]}) }}
from {{ cookiecutter.service_name }}.domain.{{ cookiecutter.resource_name }} import MAX_ID

router = APIRouter(prefix="/{{ cookiecutter.resource_plural }}", tags=["{{ cookiecutter.resource_plural }}"])

MAX_LIMIT = 100

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    status.HTTP_404_NOT_FOUND: {"description": "No {{ cookiecutter.resource_name.replace('_', ' ') }} has this id"},
}


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_{{ cookiecutter.resource_name }}(
    body: {{ cookiecutter.__resource_class }}Create,
    service: {{ cookiecutter.__resource_class }}ServiceDep,
    request: Request,
    response: Response,
) -> {{ cookiecutter.__resource_class }}Out:
    """Create one; the answer's ``Location`` header gives its URL."""
    created = await service.create(body.to_domain())
    response.headers["Location"] = f"{request.url.path}/{created.id}"
    return {{ cookiecutter.__resource_class }}Out.model_validate(created)


@router.get("/{{ '{' }}{{ cookiecutter.resource_name }}_id}", responses=NOT_FOUND)
async def get_{{ cookiecutter.resource_name }}(
    {{ cookiecutter.resource_name }}_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    service: {{ cookiecutter.__resource_class }}ServiceDep,
) -> {{ cookiecutter.__resource_class }}Out:
    return {{ cookiecutter.__resource_class }}Out.model_validate(await service.get({{ cookiecutter.resource_name }}_id))


@router.get("")
async def list_{{ cookiecutter.resource_plural }}(
    service: {{ cookiecutter.__resource_class }}ServiceDep,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> {{ cookiecutter.__resource_class }}PageOut:
    return {{ cookiecutter.__resource_class }}PageOut.model_validate(await service.list_page(offset, limit))
