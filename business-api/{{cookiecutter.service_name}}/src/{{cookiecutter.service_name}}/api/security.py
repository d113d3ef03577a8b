"""Security headers on every answer (pure ASGI middleware)."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# JSON answers load nothing; the interactive docs (/docs, /redoc) load their own scripts.
_API_POLICY = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
_DOCS = ("/docs", "/redoc")


class SecurityHeadersMiddleware:
    """Adds the headers above (and a strict CSP outside the docs) to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = _HEADERS if scope["path"].startswith(_DOCS) else [*_HEADERS, _API_POLICY]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
