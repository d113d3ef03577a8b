"""Version 1 of the public API, mounted under ``/api/v1``{% if cookiecutter.auth != "none" %}: every route needs a credential{% endif %}."""

from fastapi import APIRouter{% if cookiecutter.auth != "none" %}, Depends{% endif %}

{% if cookiecutter.auth != "none" -%}
from {{ cookiecutter.service_name }}.api.auth import authorize
{% endif -%}
from {{ cookiecutter.service_name }}.api.v1 import {% if cookiecutter.file_storage != "none" %}{{ cookiecutter.resource_name }}_files, {% endif %}{{ cookiecutter.resource_plural }}

router = APIRouter(prefix="/api/v1"{% if cookiecutter.auth != "none" %}, dependencies=[Depends(authorize)]{% endif %})
router.include_router({{ cookiecutter.resource_plural }}.router)
{%- if cookiecutter.file_storage != "none" %}
router.include_router({{ cookiecutter.resource_name }}_files.router)
{%- endif %}
