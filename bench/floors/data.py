"""Data-api floor: GET-by-id through an asyncpg pool, answered as JSON by bare Starlette.

Environment: ``PORT``, ``DATABASE_URL`` (``postgresql://``), ``RESOURCE_PLURAL`` (the route),
``TABLE``, ``COLUMNS`` (the comma-separated columns to return) and ``POOL_SIZE`` (default 10).
``GET /ready`` runs ``SELECT 1``.
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bench.floors import serve


def create_app(dsn: str, plural: str, table: str, columns: list[str], pool_size: int) -> Starlette:
    query = f"SELECT {', '.join(columns)} FROM {table} WHERE id = $1"
    pool: asyncpg.Pool | None = None

    async def get_one(request: Request) -> JSONResponse:
        assert pool is not None
        row = await pool.fetchrow(query, request.path_params["id"])
        if row is None:
            return JSONResponse({"title": "Not Found", "status": 404}, status_code=404)
        return JSONResponse(
            {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}
        )

    async def ready(request: Request) -> JSONResponse:
        assert pool is not None
        await pool.fetchval("SELECT 1")
        return JSONResponse({"status": "ok"})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        nonlocal pool
        async with asyncpg.create_pool(dsn, min_size=pool_size, max_size=pool_size) as pool:
            yield

    routes = [Route(f"/api/v1/{plural}/{{id:int}}", get_one), Route("/ready", ready)]
    return Starlette(routes=routes, lifespan=lifespan)


if __name__ == "__main__":
    serve(
        create_app(
            os.environ["DATABASE_URL"],
            os.environ["RESOURCE_PLURAL"],
            os.environ["TABLE"],
            os.environ["COLUMNS"].split(","),
            int(os.environ.get("POOL_SIZE", "10")),
        )
    )
