{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
"""The audit trail in the ``audit_log`` table, written in the caller's transaction."""

import json

from sqlalchemy import insert

{{ from_imports({
    pkg ~ ".domain.audit": ["AuditEntry"],
    pkg ~ ".infrastructure.db.connection": ["Connection"],
    pkg ~ ".infrastructure.db.models": ["AUDIT_LOG", "utcnow"],
}) }}


class SqlAuditLog:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def record(self, entries: list[AuditEntry]) -> None:
        now = utcnow()
        rows = [
            {
                "occurred_at": now,
                "actor": entry.actor,
                "action": entry.action,
                "resource": entry.resource,
                "resource_id": entry.resource_id,
                "request_id": entry.request_id,
                "changes": json.dumps(entry.changes, default=str),
            }
            for entry in entries
        ]
        await self._connection.fetch(insert(AUDIT_LOG).values(rows).returning(AUDIT_LOG.c.id))
