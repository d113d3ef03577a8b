"""Run SQLAlchemy Core statements on an SQLAlchemy connection or straight on asyncpg.

The repositories build their SQL once with SQLAlchemy Core, for every database. On
PostgreSQL the statements are compiled once (cached) and run by asyncpg itself, skipping
SQLAlchemy's execution layer: the hot read path costs one round trip and little Python.
"""

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, Protocol, cast

import asyncpg
from asyncpg.pool import PoolConnectionProxy
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement, Executable

Row = Mapping[str, Any]
Params = Mapping[str, Any]

_POSTGRESQL = PGDialect_asyncpg()  # type: ignore[no-untyped-call]


class Connection(Protocol):
    """A database connection, inside the transaction of its owner."""

    @property
    def dialect(self) -> str: ...

    async def fetch(self, statement: Executable, params: Params | None = None) -> Sequence[Row]:
        """All rows the statement returns."""
        ...

    async def fetch_one(self, statement: Executable, params: Params | None = None) -> Row | None:
        """The first row, if any."""
        ...


class SqlAlchemyConnection:
    """Statements executed by SQLAlchemy (SQLite, and any database it supports)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @property
    def dialect(self) -> str:
        return self._connection.dialect.name

    async def fetch(self, statement: Executable, params: Params | None = None) -> Sequence[Row]:
        result = await self._connection.execute(statement, dict(params or {}))
        return cast(Sequence[Row], result.mappings().all())

    async def fetch_one(self, statement: Executable, params: Params | None = None) -> Row | None:
        result = await self._connection.execute(statement, dict(params or {}))
        return cast(Row | None, result.mappings().first())


@lru_cache(maxsize=256)
def compile_for_asyncpg(statement: Executable) -> SQLCompiler:
    """PostgreSQL SQL with ``$n`` placeholders; module-level statements compile only once."""
    return cast(SQLCompiler, cast(ClauseElement, statement).compile(dialect=_POSTGRESQL))


class AsyncpgConnection:
    """Statements executed by asyncpg, prepared and cached per connection by asyncpg."""

    dialect = "postgresql"

    def __init__(self, connection: "PoolConnectionProxy[asyncpg.Record]") -> None:
        self._connection = connection

    async def fetch(self, statement: Executable, params: Params | None = None) -> Sequence[Row]:
        sql, args = _bind(statement, params)
        return cast(Sequence[Row], await self._connection.fetch(sql, *args))

    async def fetch_one(self, statement: Executable, params: Params | None = None) -> Row | None:
        sql, args = _bind(statement, params)
        return cast(Row | None, await self._connection.fetchrow(sql, *args))


def _bind(statement: Executable, params: Params | None) -> tuple[str, list[Any]]:
    compiled = compile_for_asyncpg(statement)
    values = cast(dict[str, Any], compiled.construct_params(params))
    return compiled.string, [values[name] for name in compiled.positiontup or ()]
