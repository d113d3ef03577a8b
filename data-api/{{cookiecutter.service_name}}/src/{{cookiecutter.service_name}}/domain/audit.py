"""The audit trail: who changed what, when, in which request."""

from dataclasses import dataclass, field
from typing import Any, Literal

Action = Literal["create", "update", "delete"]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One write, recorded in the transaction that made it."""

    actor: str
    action: Action
    resource: str
    resource_id: int
    request_id: str | None
    changes: dict[str, Any] = field(default_factory=dict)
