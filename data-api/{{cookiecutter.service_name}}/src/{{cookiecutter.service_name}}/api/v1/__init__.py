"""Version 1 of the public API, mounted under ``/api/v1``."""

from fastapi import APIRouter

from {{ cookiecutter.service_name }}.api.v1 import {{ cookiecutter.resource_plural }}

PREFIX = "/api/v1"
# Each is included in the app under PREFIX (rather than through one parent router): a level
# of route matching less on every request.
ROUTERS: list[APIRouter] = [{{ cookiecutter.resource_plural }}.router]
