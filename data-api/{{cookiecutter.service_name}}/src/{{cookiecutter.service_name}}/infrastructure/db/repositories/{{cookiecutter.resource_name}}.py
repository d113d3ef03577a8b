{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
{%- set TABLE = cookiecutter.resource_plural | upper -%}
"""The {{ res.replace('_', ' ') }} repository: SQLAlchemy Core statements on a ``Connection``."""

from dataclasses import asdict
from typing import Any

from sqlalchemy import (
    ColumnElement,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    tuple_,
    update,
)

{{ from_imports({
    pkg ~ ".domain." ~ res: [Res, Res ~ "Changes", Res ~ "Draft", Res ~ "Filter", Res ~ "Query"],
    pkg ~ ".infrastructure.db.connection": ["Connection", "Row"],
    pkg ~ ".infrastructure.db.models": [TABLE, "utcnow"],
}) }}

TABLE = {{ TABLE }}
COLUMNS = (
    TABLE.c.id,
    TABLE.c.name,
    TABLE.c.description,
    TABLE.c.version,
    TABLE.c.created_at,
    TABLE.c.updated_at,
)
SORT_COLUMNS = {
    "id": TABLE.c.id,
    "name": TABLE.c.name,
    "created_at": TABLE.c.created_at,
}
# Built once: on PostgreSQL the compiled SQL is cached (see connection.py).
_GET = select(*COLUMNS).where(TABLE.c.id == bindparam("id"))


class Sql{{ Res }}Repository:
    """Reads and writes in the connection's transaction; the connection's owner commits."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def add(self, drafts: list[{{ Res }}Draft]) -> list[{{ Res }}]:
        now = utcnow()
        rows = [{**asdict(draft), "created_at": now, "updated_at": now} for draft in drafts]
        statement = insert(TABLE).values(rows).returning(*COLUMNS)
        # Ids grow in the order of the VALUES list: sorting restores the input order.
        return sorted(map(_to_entity, await self._connection.fetch(statement)), key=_by_id)

    async def get(self, {{ res }}_id: int) -> {{ Res }} | None:
        row = await self._connection.fetch_one(_GET, {"id": {{ res }}_id})
        return None if row is None else _to_entity(row)

    async def update(
        self,
        {{ res }}_id: int,
        changes: {{ Res }}Changes,
        version: int,
    ) -> {{ Res }} | None:
        statement = (
            update(TABLE)
            .where(TABLE.c.id == {{ res }}_id)
            .where(TABLE.c.version == version)
            .values(**changes.values, version=TABLE.c.version + 1, updated_at=utcnow())
            .returning(*COLUMNS)
        )
        row = await self._connection.fetch_one(statement)
        return None if row is None else _to_entity(row)

    async def delete(self, {{ res }}_id: int, version: int | None) -> bool:
        statement = delete(TABLE).where(TABLE.c.id == {{ res }}_id)
        if version is not None:
            statement = statement.where(TABLE.c.version == version)
        deleted = await self._connection.fetch_one(statement.returning(TABLE.c.id))
        return deleted is not None

    async def find(self, query: {{ Res }}Query) -> list[{{ Res }}]:
        column = SORT_COLUMNS[query.sort.removeprefix("-")]
        descending = query.sort.startswith("-")
        statement = select(*COLUMNS).where(*_conditions(query.filter))
        if query.after is not None:
            statement = statement.where(_after(column, query.after, descending))
        keys = [column] if column is TABLE.c.id else [column, TABLE.c.id]
        statement = statement.order_by(*(key.desc() if descending else key for key in keys))
        if query.offset:
            statement = statement.offset(query.offset)
        rows = await self._connection.fetch(statement.limit(query.limit + 1))
        return [_to_entity(row) for row in rows]

    async def count(self, query: {{ Res }}Query) -> int:
        total = func.count().label("total")
        statement = select(total).select_from(TABLE).where(*_conditions(query.filter))
        row = await self._connection.fetch_one(statement)
        return 0 if row is None else int(row["total"])


def _conditions(where: {{ Res }}Filter) -> list[ColumnElement[bool]]:
    conditions = []
    if where.name is not None:
        conditions.append(TABLE.c.name == where.name)
    if where.name_contains is not None:
        conditions.append(TABLE.c.name.icontains(where.name_contains, autoescape=True))
    if where.created_after is not None:
        conditions.append(TABLE.c.created_at > where.created_after)
    if where.created_before is not None:
        conditions.append(TABLE.c.created_at < where.created_before)
    return conditions


def _after(
    column: ColumnElement[Any],
    after: tuple[object, int],
    descending: bool,
) -> ColumnElement[bool]:
    """Rows past the sort key ``after`` = (value, id) of the previous page's last row."""
    value, last_id = after
    if column is TABLE.c.id:
        return column < last_id if descending else column > last_id
    key = tuple_(column, TABLE.c.id)
    bound = tuple_(literal(value, column.type), literal(last_id, TABLE.c.id.type))
    return key < bound if descending else key > bound


def _to_entity(row: Row) -> {{ Res }}:
    return {{ Res }}(**row)


def _by_id({{ res }}: {{ Res }}) -> int:
    return {{ res }}.id
