{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set traced = cookiecutter.maturity_level|int >= 4 -%}
{%- set imports = {pkg ~ ".core.request_id": ["HEADER", "accept_or_generate", "set_request_id"]} -%}
{%- if traced %}{% set _ = imports.update({pkg ~ ".core.tracing": ["REQUEST_ID_ATTRIBUTE"]}) %}{% endif -%}
"""Request-ID middleware (pure ASGI: the body streams through untouched)."""

import structlog
{%- if traced %}
from opentelemetry import trace
{%- endif %}
from starlette.types import ASGIApp, Message, Receive, Scope, Send

{{ from_imports(imports) }}

_HEADER = HEADER.lower().encode()


class RequestIdMiddleware:
    """Take the caller's ``X-Request-ID`` (or make one), keep it for the logs and the code
    of this request, and echo it on the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        inbound = next((v for k, v in scope["headers"] if k == _HEADER), None)
        request_id = accept_or_generate(inbound.decode("latin-1") if inbound else None)
        set_request_id(request_id)
{%- if traced %}
        # The server span, opened before this middleware runs (no-op when tracing is off).
        trace.get_current_span().set_attribute(REQUEST_ID_ATTRIBUTE, request_id)
{%- endif %}
        structlog.contextvars.bind_contextvars(request_id=request_id)
        echoed = (_HEADER, request_id.encode())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), echoed]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            structlog.contextvars.unbind_contextvars("request_id")
