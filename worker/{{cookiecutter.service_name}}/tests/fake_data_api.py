"""A data-api's create endpoint in-process: Idempotency-Key replays, failures on demand."""

from typing import Any

from aiohttp import web


class FakeDataApi:
    """``POST /api/v1/<resource>``; ``records`` holds one entry per effect (per key)."""

    def __init__(self, resource: str = "items") -> None:
        self.resource = resource
        self.records: dict[str, dict[str, Any]] = {}
        self.requests: list[dict[str, str]] = []  # the headers of every request
        self.failures: list[int] = []  # statuses to answer before succeeding again

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post(f"/api/v1/{self.resource}", self._create)
        return app

    async def _create(self, request: web.Request) -> web.Response:
        self.requests.append(dict(request.headers))
        if self.failures:
            status = self.failures.pop(0)
            return problem(status, "failure injected by the test")
        body = await request.json()
        key = request.headers.get("Idempotency-Key")
        if key is not None and key in self.records:
            record = self.records[key]
            if {name: record[name] for name in body} != body:
                return problem(422, "the key was used with another body")
            return web.json_response(record, status=201, headers={"Idempotent-Replayed": "true"})
        record = {"id": len(self.records) + 1, "version": 1, **body}
        self.records[key or str(record["id"])] = record
        return web.json_response(record, status=201)


def problem(status: int, detail: str) -> web.Response:
    return web.json_response(
        {"type": "about:blank", "title": "Error", "status": status, "detail": detail},
        status=status,
        content_type="application/problem+json",
    )
