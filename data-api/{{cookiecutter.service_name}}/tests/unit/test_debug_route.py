"""``GET /debug``: build info, masked settings and the database, in development only."""

from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME

from ..helpers import app_on, serve


async def test_debug_in_development(sqlite_url: str) -> None:
    async with serve(app_on(sqlite_url)) as client:
        response = await client.get("/debug")

    assert response.status_code == 200
    body = response.json()
    assert body["build"]["service"] == SERVICE_NAME
    assert body["dependencies"] == {"database": "ok"}
    assert body["settings"]["environment"] == "development"
    assert body["settings"]["database_url"] == sqlite_url


async def test_no_debug_outside_development(sqlite_url: str) -> None:
    async with serve(app_on(sqlite_url, environment="staging")) as client:
        response = await client.get("/debug")

    assert response.status_code == 404
