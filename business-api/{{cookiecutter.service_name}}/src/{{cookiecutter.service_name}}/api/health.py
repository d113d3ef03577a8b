"""Liveness (``/health``: the process is up) and readiness (``/ready``: dependencies answer)."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Literal

from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel

ReadinessCheck = Callable[[], Awaitable[bool]]

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ok", "unavailable"]
    checks: dict[str, Literal["ok", "unavailable"]]


@router.get("/health")
async def health() -> Health:
    return Health()


@router.get(
    "/ready",
    responses={status.HTTP_503_SERVICE_UNAVAILABLE: {"model": Readiness}},
)
async def ready(request: Request) -> JSONResponse:
    """200 when every dependency answers; 503 naming those that do not."""
    checks: dict[str, ReadinessCheck] = request.app.state.readiness_checks
    results = await asyncio.gather(*(check() for check in checks.values()))
    named: dict[str, Literal["ok", "unavailable"]] = {
        name: "ok" if ok else "unavailable" for name, ok in zip(checks, results, strict=True)
    }
    healthy = all(results)
    body = Readiness(status="ok" if healthy else "unavailable", checks=named)
    return JSONResponse(
        body.model_dump(),
        status_code=status.HTTP_200_OK if healthy else status.HTTP_503_SERVICE_UNAVAILABLE,
    )
