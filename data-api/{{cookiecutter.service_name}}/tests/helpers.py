"""Helpers shared by unit and integration tests."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import create_app

URL = "/api/v1/{{ cookiecutter.resource_plural }}"


def app_on(database_url: str, **settings: object) -> FastAPI:
    return create_app(
        Settings.model_validate({"database_url": database_url, "log_json": False, **settings})
    )


@asynccontextmanager
async def serve(app: FastAPI, *, raise_errors: bool = True) -> AsyncIterator[AsyncClient]:
    """A client of ``app``, with the app's lifespan running."""
    transport = ASGITransport(app=app, raise_app_exceptions=raise_errors)
    async with (
        app.router.lifespan_context(app),
        AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        yield client
