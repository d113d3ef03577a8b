"""Version 1 of the public API, under ``/api/v1`` (each router carries the full prefix)."""

from fastapi import APIRouter

from {{ cookiecutter.service_name }}.api.v1 import {{ cookiecutter.resource_plural }}

ROUTERS: list[APIRouter] = [{{ cookiecutter.resource_plural }}.router]
