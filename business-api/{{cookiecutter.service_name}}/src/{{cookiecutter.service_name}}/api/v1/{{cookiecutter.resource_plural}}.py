{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""``/api/v1/{{ cookiecutter.resource_plural }}``: create one, read one by id."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status

{{ from_imports({
    pkg ~ ".api.dependencies": [Res ~ "ServiceDep"],
    pkg ~ ".api.v1." ~ res ~ "_schemas": [Res ~ "Create", Res ~ "Out"],
    pkg ~ ".domain." ~ res: ["MAX_ID"],
}) }}

router = APIRouter(prefix="/{{ cookiecutter.resource_plural }}", tags=["{{ cookiecutter.resource_plural }}"])

_ERROR_RESPONSES: dict[int | str, dict[str, str]] = {
    status.HTTP_502_BAD_GATEWAY: {"description": "The data-api answered unexpectedly"},
    status.HTTP_503_SERVICE_UNAVAILABLE: {"description": "The data-api is down or too slow"},
}


@router.post("", status_code=status.HTTP_201_CREATED, responses=_ERROR_RESPONSES)
async def create_{{ res }}(
    body: {{ Res }}Create,
    service: {{ Res }}ServiceDep,
    request: Request,
    response: Response,
) -> {{ Res }}Out:
    """Create one; the answer's ``Location`` header gives its URL."""
    created = await service.create(body.to_domain())
    response.headers["Location"] = f"{request.url.path}/{created.id}"
    return {{ Res }}Out.model_validate(created)


@router.get(
    "/{ {{- res }}_id}",
    responses={
        status.HTTP_404_NOT_FOUND: {"description": "No {{ res.replace('_', ' ') }} has this id"},
        **_ERROR_RESPONSES,
    },
)
async def get_{{ res }}(
    {{ res }}_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    service: {{ Res }}ServiceDep,
) -> {{ Res }}Out:
    """Return one {{ res.replace('_', ' ') }}."""
    found = await service.get({{ res }}_id)
    return {{ Res }}Out.model_validate(found)
