"""Deprecated routes announce it with ``Deprecation`` and ``Sunset`` headers."""

from datetime import UTC, datetime

import httpx
from fastapi import FastAPI

from {{ cookiecutter.service_name }}.api.deprecation import deprecated


async def test_deprecated_routes_send_the_headers() -> None:
    app = FastAPI()
    sunset = datetime(2030, 6, 30, tzinfo=UTC)
    since = datetime(2030, 1, 1, tzinfo=UTC)

    @app.get("/old", dependencies=[deprecated(sunset, since=since, link="/api/v2/new")])
    async def old() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/current", dependencies=[deprecated(sunset)])
    async def current() -> dict[str, str]:
        return {"status": "ok"}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        old_answer = await client.get("/old")
        current_answer = await client.get("/current")

    assert old_answer.headers["deprecation"] == f"@{int(since.timestamp())}"
    assert old_answer.headers["sunset"] == "Sun, 30 Jun 2030 00:00:00 GMT"
    assert old_answer.headers["link"] == '</api/v2/new>; rel="deprecation"'
    assert current_answer.headers["deprecation"] == "@0"
    assert "link" not in current_answer.headers
