import aiohttp
from aiohttp.test_utils import TestClient, TestServer

from {{ cookiecutter.service_name }}.api.health import create_health_app, start_health_server


async def _up() -> bool:
    return True


async def _down() -> bool:
    return False


async def _broken() -> bool:
    raise ConnectionError("refused")


async def test_health_answers_ok() -> None:
    async with TestClient(TestServer(create_health_app({"rabbitmq": _down}))) as client:
        response = await client.get("/health")

        assert response.status == 200
        assert await response.json() == {"status": "ok"}


async def test_ready_when_every_dependency_is() -> None:
    async with TestClient(TestServer(create_health_app({"rabbitmq": _up}))) as client:
        response = await client.get("/ready")

        assert response.status == 200
        assert await response.json() == {"status": "ok", "checks": {"rabbitmq": "ok"}}


async def test_not_ready_names_the_failing_dependency() -> None:
    checks = {"rabbitmq": _up, "redis": _broken, "other": _down}
    async with TestClient(TestServer(create_health_app(checks))) as client:
        response = await client.get("/ready")

        assert response.status == 503
        assert await response.json() == {
            "status": "unavailable",
            "checks": {"rabbitmq": "ok", "redis": "unavailable", "other": "unavailable"},
        }
{%- if cookiecutter.maturity_level|int >= 3 %}


async def test_metrics_are_served_in_the_prometheus_format() -> None:
    async with TestClient(TestServer(create_health_app({}))) as client:
        response = await client.get("/metrics")

        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        assert "worker_messages_total" in await response.text()
{%- endif %}


async def test_health_server_serves_until_cleaned_up() -> None:
    runner = await start_health_server("127.0.0.1", 0, {"rabbitmq": _up})
    try:
        host, port = runner.addresses[0][:2]
        async with aiohttp.ClientSession() as session:
            response = await session.get(f"http://{host}:{port}/ready")
            assert response.status == 200
    finally:
        await runner.cleanup()

    assert runner.addresses == []
