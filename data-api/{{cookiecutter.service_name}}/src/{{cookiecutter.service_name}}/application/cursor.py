"""Opaque pagination cursors: URL-safe base64 of a small JSON object."""

import base64
import binascii
import json
from typing import Any

from {{ cookiecutter.service_name }}.domain.errors import InvalidCursorError


def encode(payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> dict[str, Any]:
    """The payload of ``cursor``; ``InvalidCursorError`` when it is not one we issued."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
    except (binascii.Error, ValueError) as error:
        raise InvalidCursorError from error
    if not isinstance(payload, dict):
        raise InvalidCursorError
    return payload
