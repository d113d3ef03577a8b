{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
"""Idempotency keys of create requests, on a ``Connection``."""

from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

{{ from_imports({
    pkg ~ ".infrastructure.db.connection": ["Connection"],
    pkg ~ ".infrastructure.db.models": ["IDEMPOTENCY_KEYS", "utcnow"],
}) }}

_NEW: dict[str, Any] = {
    "key": bindparam("key"),
    "fingerprint": bindparam("fingerprint"),
    "created_at": bindparam("now"),
}
# INSERT ... ON CONFLICT DO NOTHING: on PostgreSQL a second transaction inserting the same key
# waits for the first to commit (then finds its answer) or to roll back (then takes the key).
_CLAIM = {
    "postgresql": postgresql.insert(IDEMPOTENCY_KEYS).values(_NEW).on_conflict_do_nothing(),
    "sqlite": sqlite.insert(IDEMPOTENCY_KEYS).values(_NEW).on_conflict_do_nothing(),
}
_CLAIMED = {dialect: claim.returning(IDEMPOTENCY_KEYS.c.key) for dialect, claim in _CLAIM.items()}
_FIND = select(IDEMPOTENCY_KEYS.c.fingerprint, IDEMPOTENCY_KEYS.c.answer).where(
    IDEMPOTENCY_KEYS.c.key == bindparam("idempotency_key")
)
_COMPLETE = (
    update(IDEMPOTENCY_KEYS)
    .where(IDEMPOTENCY_KEYS.c.key == bindparam("idempotency_key"))
    .values(answer=bindparam("answer"))
    .returning(IDEMPOTENCY_KEYS.c.key)
)


class SqlIdempotencyStore:
    """Keys, request fingerprints and answers in the ``idempotency_keys`` table."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def claim(self, key: str, fingerprint: str) -> tuple[str, str | None] | None:
        claim = _CLAIMED[self._connection.dialect]
        params = {"key": key, "fingerprint": fingerprint, "now": utcnow()}
        while await self._connection.fetch_one(claim, params) is None:
            row = await self._connection.fetch_one(_FIND, {"idempotency_key": key})
            if row is not None:  # else purged in between: claim again
                return row["fingerprint"], row["answer"]
        return None

    async def complete(self, key: str, answer: str) -> None:
        await self._connection.fetch_one(_COMPLETE, {"idempotency_key": key, "answer": answer})

    async def purge(self, older_than_seconds: float) -> int:
        cutoff = utcnow() - timedelta(seconds=older_than_seconds)
        statement = (
            delete(IDEMPOTENCY_KEYS)
            .where(IDEMPOTENCY_KEYS.c.created_at < cutoff)
            .returning(IDEMPOTENCY_KEYS.c.key)
        )
        return len(await self._connection.fetch(statement))
