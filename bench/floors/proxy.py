"""Business-api floor: bare Starlette forwarding GET-by-id through one pooled aiohttp
session to an upstream (the data-api floor), answering the upstream's body as is.

Environment: ``PORT``, ``UPSTREAM_URL`` and ``RESOURCE_PLURAL``. ``GET /ready`` forwards to
the upstream's ``/ready``.
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.floors import serve


def create_app(upstream: str, plural: str) -> Starlette:
    session: aiohttp.ClientSession | None = None

    async def forward(request: Request) -> Response:
        assert session is not None
        async with session.get(upstream + request.url.path) as answer:
            body = await answer.read()
            return Response(body, answer.status, media_type="application/json")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        nonlocal session
        timeout = aiohttp.ClientTimeout(total=5, connect=1)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            yield

    routes = [Route(f"/api/v1/{plural}/{{id:int}}", forward), Route("/ready", forward)]
    return Starlette(routes=routes, lifespan=lifespan)


if __name__ == "__main__":
    serve(create_app(os.environ["UPSTREAM_URL"].rstrip("/"), os.environ["RESOURCE_PLURAL"]))
