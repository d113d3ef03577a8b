from httpx import AsyncClient

from ..helpers import URL, app_on, serve


async def test_every_answer_has_security_headers(client: AsyncClient) -> None:
    for response in [await client.get("/health"), await client.get(f"{URL}/999")]:
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"


async def test_no_cors_headers_unless_origins_are_allowed(client: AsyncClient) -> None:
    response = await client.get("/health", headers={"Origin": "https://app.example.com"})

    assert "access-control-allow-origin" not in response.headers


async def test_allowed_origins_get_cors_headers(sqlite_url: str) -> None:
    origins = "https://app.example.com, https://admin.example.com"
    async with serve(app_on(sqlite_url, cors_allow_origins=origins)) as client:
        preflight = await client.options(
            URL,
            headers={
                "Origin": "https://admin.example.com",
                "Access-Control-Request-Method": "PATCH",
            },
        )
        other = await client.get("/health", headers={"Origin": "https://evil.example.com"})

    assert preflight.headers["access-control-allow-origin"] == "https://admin.example.com"
    assert "access-control-allow-origin" not in other.headers
