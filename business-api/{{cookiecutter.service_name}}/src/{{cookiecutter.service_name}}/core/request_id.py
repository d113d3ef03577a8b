"""The current request's ID, readable anywhere in the request's task (logs, outgoing calls)."""

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# An inbound ID is reused only when it is short and made of safe characters.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def accept_or_generate(inbound: str | None) -> str:
    """Reuse a well-formed inbound ID; otherwise make a new one."""
    if inbound is not None and _WELL_FORMED.fullmatch(inbound):
        return inbound
    return uuid.uuid4().hex
