import aiohttp
from aiohttp.test_utils import TestClient, TestServer

from {{ cookiecutter.service_name }}.api.health import create_health_app, start_health_server


async def test_health_answers_ok() -> None:
    async with TestClient(TestServer(create_health_app())) as client:
        response = await client.get("/health")

        assert response.status == 200
        assert await response.json() == {"status": "ok"}


async def test_health_server_serves_until_cleaned_up() -> None:
    runner = await start_health_server("127.0.0.1", 0)
    try:
        host, port = runner.addresses[0][:2]
        async with aiohttp.ClientSession() as session:
            response = await session.get(f"http://{host}:{port}/health")
            assert response.status == 200
    finally:
        await runner.cleanup()

    assert runner.addresses == []
