"""Helpers shared by unit and integration tests."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import create_app


def app_on(database_url: str, **settings: object) -> FastAPI:
    return create_app(
        Settings.model_validate({"database_url": database_url, "log_json": False, **settings})
    )


@asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[AsyncClient]:
    """A client of ``app``, with the app's lifespan running."""
    async with (
        app.router.lifespan_context(app),
        AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client,
    ):
        yield client
