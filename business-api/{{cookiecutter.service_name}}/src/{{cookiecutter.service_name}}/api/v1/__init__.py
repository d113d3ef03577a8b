"""Version 1 of the public API, mounted under ``/api/v1``."""

from fastapi import APIRouter

from {{ cookiecutter.service_name }}.api.v1 import {{ cookiecutter.resource_plural }}

router = APIRouter(prefix="/api/v1")
router.include_router({{ cookiecutter.resource_plural }}.router)
