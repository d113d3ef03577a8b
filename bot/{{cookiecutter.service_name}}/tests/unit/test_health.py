from aiohttp.test_utils import TestClient, TestServer

from {{ cookiecutter.service_name }}.api.health import create_health_app


async def test_health_answers_ok() -> None:
    async with TestClient(TestServer(create_health_app())) as client:
        response = await client.get("/health")

        assert response.status == 200
        assert await response.json() == {"status": "ok"}
