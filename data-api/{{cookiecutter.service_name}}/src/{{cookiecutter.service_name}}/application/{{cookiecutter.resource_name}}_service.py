{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
{%- set plural = cookiecutter.resource_plural -%}
"""Use cases of the {{ res.replace('_', ' ') }} aggregate, each in one database transaction."""

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, get_args

import structlog

{% set modules = {
    pkg ~ ".application": ["cursor"],
    pkg ~ ".domain.errors": [
        "IdempotencyKeyInProgressError",
        "IdempotencyKeyReusedError",
        "InvalidCursorError",
        Res ~ "NotFoundError",
        "StaleVersionError",
    ],
    pkg ~ ".domain.ports": ["Database"],
    pkg ~ ".domain." ~ res: [
        "MAX_ID",
        "Sort",
        Res,
        Res ~ "Changes",
        Res ~ "Draft",
        Res ~ "Filter",
        Res ~ "Page",
        Res ~ "Query",
    ],
} -%}
{%- if cookiecutter.maturity_level == "4" -%}
{%- set _ = modules.update({
    pkg ~ ".core.caller": ["current_caller"],
    pkg ~ ".core.request_id": ["current_request_id"],
    pkg ~ ".domain.audit": ["Action", "AuditEntry"],
}) -%}
{%- endif -%}
{{ from_imports(modules) }}

logger = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Created:
    """The result of a create: ``replayed`` when an idempotency key gave an earlier answer."""

    {{ res }}: {{ Res }}
    replayed: bool = False


class {{ Res }}Service:
    """Creates, reads, updates, deletes and lists through the ``Database`` port."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def create(
        self,
        draft: {{ Res }}Draft,
        idempotency_key: str | None = None,
    ) -> Created:
        """Store one; with a key already used for the same draft, return that first answer."""
        async with self._database.transaction() as uow:
            if idempotency_key is not None:
                fingerprint = _fingerprint(draft)
                earlier = await uow.idempotency.claim(idempotency_key, fingerprint)
                if earlier is not None:
                    return Created(_replay(earlier, fingerprint), replayed=True)
            [created] = await uow.{{ plural }}.add([draft])
            if idempotency_key is not None:
                await uow.idempotency.complete(idempotency_key, _snapshot(created))
{%- if cookiecutter.maturity_level == "4" %}
            await uow.audit.record([_audit("create", created.id, asdict(draft))])
{%- endif %}
        logger.info("{{ res }}.created", {{ res }}_id=created.id)
        return Created(created)

    async def create_many(
        self,
        drafts: list[{{ Res }}Draft],
    ) -> list[{{ Res }}]:
        """Store all of them or none, in input order."""
        async with self._database.transaction() as uow:
            created = await uow.{{ plural }}.add(drafts)
{%- if cookiecutter.maturity_level == "4" %}
            entries = [
                _audit("create", new.id, asdict(draft))
                for new, draft in zip(created, drafts, strict=True)
            ]
            await uow.audit.record(entries)
{%- endif %}
        logger.info("{{ plural }}.created", count=len(created))
        return created

    async def get(self, {{ res }}_id: int) -> {{ Res }}:
        """Return the {{ res.replace('_', ' ') }} or raise ``{{ Res }}NotFoundError``."""
        async with self._database.reader() as repository:
            found = await repository.get({{ res }}_id)
        if found is None:
            raise {{ Res }}NotFoundError({{ res }}_id)
        return found

    async def update(
        self,
        {{ res }}_id: int,
        changes: {{ Res }}Changes,
        version: int,
    ) -> {{ Res }}:
        """Apply ``changes`` if ``version`` is current, else raise ``StaleVersionError``."""
        async with self._database.transaction() as uow:
            repository = uow.{{ plural }}
            updated = await repository.update({{ res }}_id, changes, version)
            if updated is None:
                current = await repository.get({{ res }}_id)
                if current is None:
                    raise {{ Res }}NotFoundError({{ res }}_id)
                raise StaleVersionError(version, current.version)
{%- if cookiecutter.maturity_level == "4" %}
            await uow.audit.record([_audit("update", {{ res }}_id, changes.values)])
{%- endif %}
        logger.info(
            "{{ res }}.updated",
            {{ res }}_id={{ res }}_id,
            version=updated.version,
        )
        return updated

    async def delete(self, {{ res }}_id: int, version: int | None = None) -> None:
        """Delete it (only at ``version`` when given)."""
        async with self._database.transaction() as uow:
            if not await uow.{{ plural }}.delete({{ res }}_id, version):
                current = await uow.{{ plural }}.get({{ res }}_id)
                if current is None:
                    raise {{ Res }}NotFoundError({{ res }}_id)
                raise StaleVersionError(version or 0, current.version)
{%- if cookiecutter.maturity_level == "4" %}
            await uow.audit.record([_audit("delete", {{ res }}_id, {})])
{%- endif %}
        logger.info("{{ res }}.deleted", {{ res }}_id={{ res }}_id)

    async def list_page(self, query: {{ Res }}Query) -> {{ Res }}Page:
        """One page by offset (with the total) or after a cursor (without)."""
        async with self._database.reader() as repository:
            rows = await repository.find(query)
            total = None if query.after is not None else await repository.count(query)
        items = rows[: query.limit]
        next_cursor = _cursor(query, items[-1]) if len(rows) > query.limit else None
        offset = None if query.after is not None else query.offset
        return {{ Res }}Page(
            items,
            query.limit,
            total=total,
            offset=offset,
            next_cursor=next_cursor,
        )

    async def purge_idempotency_keys(self, older_than_seconds: float) -> int:
        async with self._database.transaction() as uow:
            purged = await uow.idempotency.purge(older_than_seconds)
        logger.info("idempotency_keys.purged", count=purged)
        return purged


def query_after(cursor_text: str, limit: int) -> {{ Res }}Query:
    """The query a ``next_cursor`` continues: its filters and sort, past its last row."""
    payload = cursor.decode(cursor_text)
    try:
        sort = payload["sort"]
        if sort not in get_args(Sort):
            raise InvalidCursorError
        where = {{ Res }}Filter(
            name=_optional(payload, "name"),
            name_contains=_optional(payload, "name_contains"),
            created_after=_optional_time(payload, "created_after"),
            created_before=_optional_time(payload, "created_before"),
        )
        value, last_id = payload["after"]
        field = sort.removeprefix("-")
        if field == "created_at":
            value = _aware(value)
        elif field == "name":
            value = _text(value)
        else:
            value = _id(value)
        last_id = _id(last_id)
    except (KeyError, TypeError, ValueError, OverflowError) as error:
        raise InvalidCursorError from error
    return {{ Res }}Query(where, sort, limit, offset=None, after=(value, last_id))


def _cursor(query: {{ Res }}Query, last: {{ Res }}) -> str:
    field = query.sort.removeprefix("-")
    value = getattr(last, field)
    payload: dict[str, Any] = {
        key: found.isoformat() if isinstance(found, datetime) else found
        for key, found in asdict(query.filter).items()
        if found is not None
    }
    payload["sort"] = query.sort
    payload["after"] = [value.isoformat() if isinstance(value, datetime) else value, last.id]
    return cursor.encode(payload)


def _optional(payload: dict[str, Any], key: str) -> str | None:
    value = payload.get(key)
    return None if value is None else _text(value)


def _optional_time(payload: dict[str, Any], key: str) -> datetime | None:
    value = _optional(payload, key)
    return None if value is None else _aware(value)


def _text(value: object) -> str:
    """Text the database accepts: no NUL, encodable as UTF-8 (no lone surrogate)."""
    if not isinstance(value, str) or "\x00" in value:
        raise InvalidCursorError
    value.encode()
    return value


def _id(value: object) -> int:
    if not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise InvalidCursorError
    return value


def _aware(text: object) -> datetime:
    moment = datetime.fromisoformat(_text(text))
    if moment.tzinfo is None:
        raise InvalidCursorError
    return moment.astimezone(UTC)


{% if cookiecutter.maturity_level == "4" -%}
def _audit(action: Action, {{ res }}_id: int, changes: dict[str, Any]) -> AuditEntry:
    """An audit entry for this request's caller."""
    return AuditEntry(
        actor=current_caller(),
        action=action,
        resource="{{ plural }}",
        resource_id={{ res }}_id,
        request_id=current_request_id(),
        changes=changes,
    )


{% endif -%}
def _fingerprint(draft: {{ Res }}Draft) -> str:
    return hashlib.sha256(json.dumps(asdict(draft), sort_keys=True).encode()).hexdigest()


def _snapshot({{ res }}: {{ Res }}) -> str:
    fields = asdict({{ res }})
    fields["created_at"] = {{ res }}.created_at.isoformat()
    fields["updated_at"] = {{ res }}.updated_at.isoformat()
    return json.dumps(fields)


def _replay(earlier: tuple[str, str | None], fingerprint: str) -> {{ Res }}:
    stored_fingerprint, answer = earlier
    if stored_fingerprint != fingerprint:
        raise IdempotencyKeyReusedError
    if answer is None:
        raise IdempotencyKeyInProgressError
    fields = json.loads(answer)
    fields["created_at"] = datetime.fromisoformat(fields["created_at"])
    fields["updated_at"] = datetime.fromisoformat(fields["updated_at"])
    return {{ Res }}(**fields)
