{%- set auth = cookiecutter.auth != "none" -%}
"""Version 1 of the public API, mounted under ``/api/v1``{% if auth %}: every route needs a credential{% endif %}."""

from fastapi import {% if auth %}Depends, {% endif %}FastAPI

{% if auth -%}
from {{ cookiecutter.service_name }}.api.auth import authorize
{% endif -%}
from {{ cookiecutter.service_name }}.api.v1 import {% if cookiecutter.file_storage != "none" %}{{ cookiecutter.resource_name }}_files, {% endif %}{{ cookiecutter.resource_plural }}

PREFIX = "/api/v1"
ROUTERS = ({{ cookiecutter.resource_plural }}.router,{% if cookiecutter.file_storage != "none" %} {{ cookiecutter.resource_name }}_files.router{% endif %})


def include_routers(app: FastAPI) -> None:
    """Mount each router of v1 on the app itself: a router nested in another would cost
    a second route match on every request."""
    for router in ROUTERS:
        app.include_router(router, prefix=PREFIX{% if auth %}, dependencies=[Depends(authorize)]{% endif %})
