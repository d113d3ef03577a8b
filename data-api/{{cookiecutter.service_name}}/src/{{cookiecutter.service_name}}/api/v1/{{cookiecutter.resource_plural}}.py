"""``/api/v1/{{ cookiecutter.resource_plural }}``: create, read by id, list."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status

from {{ cookiecutter.service_name }}.api.dependencies import {{ cookiecutter.__resource_class }}ServiceDep
from {{ cookiecutter.service_name }}.api.v1.schemas import (
    {{ cookiecutter.__resource_class }}In,
    {{ cookiecutter.__resource_class }}Out,
    {{ cookiecutter.__resource_class }}PageOut,
)
from {{ cookiecutter.service_name }}.domain.{{ cookiecutter.resource_name }} import {{ cookiecutter.__resource_class }}Draft

router = APIRouter(prefix="/{{ cookiecutter.resource_plural }}", tags=["{{ cookiecutter.resource_plural }}"])

# Largest value of a PostgreSQL BIGINT: bigger ids and offsets are a 422, not a 500.
MAX_BIGINT = 2**63 - 1
MAX_LIMIT = 100

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    status.HTTP_404_NOT_FOUND: {"description": "No {{ cookiecutter.resource_name }} has this id"},
}


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_{{ cookiecutter.resource_name }}(
    body: {{ cookiecutter.__resource_class }}In,
    service: {{ cookiecutter.__resource_class }}ServiceDep,
) -> {{ cookiecutter.__resource_class }}Out:
    draft = {{ cookiecutter.__resource_class }}Draft(name=body.name, description=body.description)
    return {{ cookiecutter.__resource_class }}Out.model_validate(await service.create(draft))


@router.get("/{{ '{' }}{{ cookiecutter.resource_name }}_id}", responses=NOT_FOUND)
async def get_{{ cookiecutter.resource_name }}(
    {{ cookiecutter.resource_name }}_id: Annotated[int, Path(ge=1, le=MAX_BIGINT)],
    service: {{ cookiecutter.__resource_class }}ServiceDep,
) -> {{ cookiecutter.__resource_class }}Out:
    return {{ cookiecutter.__resource_class }}Out.model_validate(await service.get({{ cookiecutter.resource_name }}_id))


@router.get("")
async def list_{{ cookiecutter.resource_plural }}(
    service: {{ cookiecutter.__resource_class }}ServiceDep,
    offset: Annotated[int, Query(ge=0, le=MAX_BIGINT)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> {{ cookiecutter.__resource_class }}PageOut:
    return {{ cookiecutter.__resource_class }}PageOut.model_validate(await service.list_page(offset, limit))
