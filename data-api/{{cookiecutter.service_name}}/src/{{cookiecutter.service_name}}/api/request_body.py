"""The request bodies the API takes: JSON (else 415), at most ``MAX_REQUEST_BODY_BYTES``
(else 413). Pure ASGI: the checks run when a route reads its body, which is never buffered
here, and stop the read as soon as the limit is passed, whatever ``Content-Length`` said."""

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_WITHOUT_BODY = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})
_ACCEPT_HEADER = {"POST": "Accept-Post", "PATCH": "Accept-Patch"}


class RequestBodyMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _WITHOUT_BODY:
            await self.app(scope, receive, send)
            return
        received: int | None = None  # bytes so far; None until the first read

        async def receive_within_limits() -> Message:
            nonlocal received
            if received is None:
                refuse_unacceptable(dict(scope["headers"]), scope["method"], self.max_bytes)
                received = 0
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise too_large(self.max_bytes)
            return message

        await self.app(scope, receive_within_limits, send)


def refuse_unacceptable(headers: dict[bytes, bytes], method: str, max_bytes: int) -> None:
    """Refuse a body that is not JSON or announces too many bytes, before reading any of it.
    A request without a body (neither ``Content-Length`` nor ``Transfer-Encoding``, or a
    zero length) passes: validation then tells what is missing."""
    length = headers.get(b"content-length", b"").strip()
    if length == b"0" or not (length or b"transfer-encoding" in headers):
        return
    if not is_json(headers.get(b"content-type", b"")):
        detail = "Send the body as JSON (Content-Type: application/json)"
        accept = {_ACCEPT_HEADER.get(method, "Accept"): "application/json"}
        raise HTTPException(415, detail, headers=accept)
    # More digits than any limit has: too large (and never an int of a thousand digits).
    if length.isdigit() and (len(length) > 18 or int(length) > max_bytes):
        raise too_large(max_bytes)


def is_json(content_type: bytes) -> bool:
    """``application/json`` or ``application/<anything>+json``, with any parameters."""
    media_type = content_type.split(b";", 1)[0].strip().lower()
    return media_type == b"application/json" or (
        media_type.startswith(b"application/") and media_type.endswith(b"+json")
    )


def too_large(max_bytes: int) -> HTTPException:
    return HTTPException(413, f"The request body is larger than {max_bytes} bytes")
