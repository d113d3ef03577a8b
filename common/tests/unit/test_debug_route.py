"""``GET /debug`` on the health port: in development only."""

import json

{% if cookiecutter._service_type == "worker" -%}
import pytest
{% endif -%}
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from {{ cookiecutter.service_name }}.api.debug import debug_routes
from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings
{%- if cookiecutter._service_type == "bot" %}

from ..fake_telegram import TOKEN as SECRET

DEPENDENCY = "telegram"
{%- else %}

SECRET = "broker-password"
DEPENDENCY = "rabbitmq"


@pytest.fixture
def settings() -> Settings:
    return Settings(rabbitmq_url=f"amqp://app:{SECRET}@localhost:5672/")
{%- endif %}


async def up() -> bool:
    return True


async def test_debug_in_development(settings: Settings) -> None:
    app = web.Application()
    development = settings.model_copy(update={"environment": "development"})
    app.router.add_routes(debug_routes(development, {DEPENDENCY: up}))

    async with TestClient(TestServer(app)) as client:
        response = await client.get("/debug")
        body = await response.json()

    assert response.status == 200
    assert body["build"]["service"] == SERVICE_NAME
    assert body["dependencies"] == {DEPENDENCY: "ok"}
    assert body["settings"]["environment"] == "development"
    assert SECRET not in json.dumps(body)


def test_no_debug_in_production(settings: Settings) -> None:
    production = settings.model_copy(update={"environment": "production"})

    assert debug_routes(production, {DEPENDENCY: up}) == []
