"""Liveness probe: answers while the process is up, without calling dependencies."""

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"] = "ok"


@router.get("/health")
async def health() -> Health:
    return Health()
