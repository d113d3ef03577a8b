"""A stand-in for the business API on a loopback port: creates with Idempotency-Key, fails
on demand, records each request."""

import socket
from dataclasses import dataclass
from typing import Any

from aiohttp import web

PATH = "/api/v1/{{ cookiecutter.resource_plural }}"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


class FakeBusinessApi:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.created: list[dict[str, Any]] = []
        # Statuses answered, in order, to the next requests instead of serving them.
        self.failures: list[int] = []
        self.url = ""
        self._replies: dict[str, dict[str, Any]] = {}
        self._runner = web.AppRunner(self._create_app(), access_log=None)

    async def start(self) -> None:
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        await web.SockSite(self._runner, sock).start()
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"

    async def stop(self) -> None:
        await self._runner.cleanup()

    def _create_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post(PATH, self._create)
        return app

    async def _create(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(Request(request.method, request.path, dict(request.headers), body))
        if self.failures:
            status = self.failures.pop(0)
            return problem(status, "Service Unavailable" if status >= 500 else "Rejected")
        if not body.get("name") or set(body) - {"name", "description"}:
            return problem(422, "name must not be blank")
        key = request.headers.get("Idempotency-Key", "")
        if key in self._replies:
            headers = {"Idempotent-Replayed": "true"}
            return web.json_response(self._replies[key], status=201, headers=headers)
        created = {"id": len(self.created) + 1, "version": 1, **body}
        self.created.append(created)
        if key:
            self._replies[key] = created
        return web.json_response(created, status=201)


def problem(status: int, detail: str) -> web.Response:
    body = {"type": "about:blank", "title": "Error", "status": status, "detail": detail}
    return web.json_response(body, status=status, content_type="application/problem+json")
