"""Liveness and readiness probes (not versioned)."""

import asyncio
from typing import Literal

import structlog
from fastapi import APIRouter, Response, status
from pydantic import BaseModel

from {{ cookiecutter.service_name }}.api.dependencies import DatabaseDep, SettingsDep

router = APIRouter(tags=["health"])
logger = structlog.get_logger(__name__)

Status = Literal["ok", "unavailable"]


class Health(BaseModel):
    status: Status


class Readiness(BaseModel):
    status: Status
    checks: dict[str, Status]


@router.get("/health")
async def health() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get(
    "/ready",
    responses={status.HTTP_503_SERVICE_UNAVAILABLE: {"model": Readiness}},
)
async def ready(database: DatabaseDep, settings: SettingsDep, response: Response) -> Readiness:
    """The database answers ``SELECT 1`` within ``READY_TIMEOUT_SECONDS``."""
    try:
        async with asyncio.timeout(settings.ready_timeout_seconds):
            await database.ping()
    except Exception:
        logger.warning("database.unavailable", exc_info=True)
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        return Readiness(status="unavailable", checks={"database": "unavailable"})
    return Readiness(status="ok", checks={"database": "ok"})
