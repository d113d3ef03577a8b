{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set traced = cookiecutter.maturity_level|int >= 4 -%}
{%- set imports = {pkg ~ ".core.request_id": ["HEADER", "accept_or_generate", "request_id_var"]} -%}
{%- if traced %}{% set _ = imports.update({pkg ~ ".core.telemetry": ["REQUEST_ID_ATTRIBUTE"]}) %}{% endif -%}
"""Request-ID middleware (pure ASGI): one ID per request, in logs, answers and outgoing calls{% if traced %},
and on the request's span{% endif %}."""

import structlog
{%- if traced %}
from opentelemetry import trace
{%- endif %}
from starlette.types import ASGIApp, Message, Receive, Scope, Send

{{ from_imports(imports) }}

_HEADER_KEY = HEADER.lower().encode("latin-1")


class RequestIdMiddleware:
    """Reuses a well-formed inbound ``X-Request-ID`` or makes one, and echoes it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        inbound = next((v for k, v in scope["headers"] if k == _HEADER_KEY), None)
        request_id = accept_or_generate(inbound.decode("latin-1") if inbound else None)
        encoded = request_id.encode("latin-1")

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (_HEADER_KEY, encoded)]
            await send(message)

        token = request_id_var.set(request_id)
{%- if traced %}
        # The server span, opened before this middleware runs (no-op when tracing is off).
        trace.get_current_span().set_attribute(REQUEST_ID_ATTRIBUTE, request_id)
{%- endif %}
        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            structlog.contextvars.unbind_contextvars("request_id")
            request_id_var.reset(token)
