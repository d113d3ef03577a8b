from aiohttp.test_utils import TestClient, TestServer

from {{ cookiecutter.service_name }}.api.health import create_health_app


async def ok() -> bool:
    return True


async def down() -> bool:
    return False


async def broken() -> bool:
    raise ConnectionError("refused")


async def test_health_answers_ok() -> None:
    async with TestClient(TestServer(create_health_app({"telegram": down}))) as client:
        response = await client.get("/health")

        assert response.status == 200
        assert await response.json() == {"status": "ok"}


async def test_ready_when_every_dependency_answers() -> None:
    async with TestClient(TestServer(create_health_app({"telegram": ok}))) as client:
        response = await client.get("/ready")

        assert response.status == 200
        assert await response.json() == {"status": "ok", "checks": {"telegram": "ok"}}


async def test_not_ready_names_the_failing_dependency() -> None:
    checks = {"telegram": ok, "redis": broken, "other": down}
    async with TestClient(TestServer(create_health_app(checks))) as client:
        response = await client.get("/ready")

        assert response.status == 503
        assert await response.json() == {
            "status": "unavailable",
            "checks": {"telegram": "ok", "redis": "unavailable", "other": "unavailable"},
        }
{%- if cookiecutter.maturity_level | int >= 3 %}


async def test_metrics_are_served_in_the_prometheus_format() -> None:
    async with TestClient(TestServer(create_health_app({}))) as client:
        response = await client.get("/metrics")

        assert response.status == 200
        assert response.content_type == "text/plain"
        assert "bot_updates_total" in await response.text()
{%- endif %}
