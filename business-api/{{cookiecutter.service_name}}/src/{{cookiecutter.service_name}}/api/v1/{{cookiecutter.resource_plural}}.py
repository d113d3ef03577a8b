{%- set Res = cookiecutter.resource_name.title().replace('_', '') -%}
{%- set res = cookiecutter.resource_name -%}
"""``/api/v1/{{ cookiecutter.resource_plural }}``: create a {{ res.replace('_', ' ') }}, read one by id."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status

from {{ cookiecutter.service_name }}.api.dependencies import {{ Res }}ServiceDep
from {{ cookiecutter.service_name }}.api.v1.{{ res }}_schemas import {{ Res }}Create, {{ Res }}Out

router = APIRouter(
    prefix="/{{ cookiecutter.resource_plural }}",
    tags=["{{ cookiecutter.resource_plural }}"],
)

_ERROR_RESPONSES: dict[int | str, dict[str, str]] = {
    status.HTTP_502_BAD_GATEWAY: {"description": "The data-api answered unexpectedly"},
    status.HTTP_503_SERVICE_UNAVAILABLE: {"description": "The data-api is down or too slow"},
}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=_ERROR_RESPONSES,
)
async def create_{{ res }}(
    body: {{ Res }}Create,
    service: {{ Res }}ServiceDep,
    request: Request,
    response: Response,
) -> {{ Res }}Out:
    """Create a {{ res.replace('_', ' ') }}; its URL is in the ``Location`` header."""
    {{ res }} = await service.create(body.to_domain())
    response.headers["Location"] = str(request.url_for("get_{{ res }}", {{ res }}_id={{ res }}.id))
    return {{ Res }}Out.from_domain({{ res }})


@router.get(
    "/{ {{- res }}_id}",
    responses={
        status.HTTP_404_NOT_FOUND: {"description": "No {{ res.replace('_', ' ') }} has this id"},
        **_ERROR_RESPONSES,
    },
)
async def get_{{ res }}(
    {{ res }}_id: Annotated[int, Path(ge=1)],
    service: {{ Res }}ServiceDep,
) -> {{ Res }}Out:
    """Return one {{ res.replace('_', ' ') }}."""
    return {{ Res }}Out.from_domain(await service.get({{ res }}_id))
