"""``GET /debug``: build info, masked settings and dependencies, in development only."""

import httpx

from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings
from {{ cookiecutter.service_name }}.main import create_app


async def get_debug(settings: Settings) -> httpx.Response:
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        return await client.get("/debug")


async def test_debug_in_development(settings: Settings) -> None:
    response = await get_debug(settings.model_copy(update={"environment": "development"}))

    assert response.status_code == 200
    body = response.json()
    assert body["build"]["service"] == SERVICE_NAME
    assert body["dependencies"]["data-api"] == "ok"
    assert body["settings"]["data_api_url"] == str(settings.data_api_url)
    assert body["settings"]["environment"] == "development"


async def test_no_debug_outside_development(settings: Settings) -> None:
    response = await get_debug(settings.model_copy(update={"environment": "production"}))

    assert response.status_code == 404
