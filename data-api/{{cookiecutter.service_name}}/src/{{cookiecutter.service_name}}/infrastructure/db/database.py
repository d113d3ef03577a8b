{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""The ``Database`` port on PostgreSQL (asyncpg pools) or SQLite (SQLAlchemy), and its
transactions: one per request, with every repository on the same connection."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from types import TracebackType

import asyncpg
import sqlalchemy.exc
from asyncpg.pool import PoolConnectionProxy
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import QueuePool

{% set modules = {
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain.errors": ["UnavailableError"],
    pkg ~ ".infrastructure.db.connection": ["AsyncpgConnection", "Connection", "SqlAlchemyConnection"],
    pkg ~ ".infrastructure.db.repositories." ~ res: ["Sql" ~ Res ~ "Repository"],
    pkg ~ ".infrastructure.db.repositories.idempotency": ["SqlIdempotencyStore"],
} -%}
{%- if cookiecutter.maturity_level == "4" -%}
{%- set _ = modules.update({pkg ~ ".infrastructure.db.repositories.audit": ["SqlAuditLog"]}) -%}
{%- endif -%}
{{ from_imports(modules) }}

# What a database that is down, restarting, overloaded or too slow raises.
UNAVAILABLE = (
    OSError,
    TimeoutError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.OperatorInterventionError,
    asyncpg.InsufficientResourcesError,
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
)


@dataclass(frozen=True, slots=True)
class PoolStats:
    """Connections open, in use, and requests waiting for one."""

    size: int
    in_use: int
    waiting: int


class SqlUnitOfWork:
    """The repositories of one transaction, sharing its connection."""

    def __init__(self, connection: Connection) -> None:
        self.{{ cookiecutter.resource_plural }} = Sql{{ Res }}Repository(connection)
        self.idempotency = SqlIdempotencyStore(connection)
{%- if cookiecutter.maturity_level == "4" %}
        self.audit = SqlAuditLog(connection)
{%- endif %}


class _Unavailable:
    """Turns the errors of an unreachable database into ``UnavailableError("database")``."""

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if isinstance(error, UNAVAILABLE):
            raise UnavailableError("database") from error


class PostgresDatabase:
    """asyncpg pools: the primary, and a replica for reads when one is configured."""

    def __init__(
        self,
        primary: asyncpg.Pool,
        replica: asyncpg.Pool | None = None,
        *,
        timeout: float = 5.0,
    ) -> None:
        self._primary = primary
        self._replica = replica or primary
        self._timeout = timeout  # seconds to wait for a free connection
        self._waiting = 0
        # Connections go to the requests in the order they asked. asyncpg's own queue lets a
        # newcomer take a connection just handed to a waiter, which then goes back to the end
        # of the line: under load, some requests would wait many turns (a long tail).
        self._turns = {
            pool: asyncio.Semaphore(pool.get_max_size()) for pool in (primary, self._replica)
        }

    @classmethod
    async def connect(cls, settings: Settings) -> "PostgresDatabase":
        primary = await _pool(settings.database_url, settings)
{%- if cookiecutter.maturity_level == "4" %}
        if settings.database_replica_url:
            replica = await _pool(settings.database_replica_url, settings)
            return cls(primary, replica, timeout=settings.database_pool_timeout_seconds)
{%- endif %}
        return cls(primary, timeout=settings.database_pool_timeout_seconds)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqlUnitOfWork]:
        async with (
            _Unavailable(),
            self._connection(self._primary) as connection,
            connection.transaction(),
        ):
            yield SqlUnitOfWork(AsyncpgConnection(connection))

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[Sql{{ Res }}Repository]:
        async with _Unavailable(), self._connection(self._replica) as connection:
            yield Sql{{ Res }}Repository(AsyncpgConnection(connection))

    async def ping(self) -> None:
        async with _Unavailable(), self._connection(self._primary) as connection:
            await connection.fetchval("SELECT 1")

    def pool_stats(self) -> PoolStats:
        size = self._primary.get_size()
        return PoolStats(size, size - self._primary.get_idle_size(), self._waiting)

    @asynccontextmanager
    async def _connection(
        self, pool: asyncpg.Pool
    ) -> AsyncIterator["PoolConnectionProxy[asyncpg.Record]"]:
        turns = self._turns[pool]
        self._waiting += 1
        try:
            async with asyncio.timeout(self._timeout):
                await turns.acquire()
        finally:
            self._waiting -= 1
        try:
            # A turn leaves a connection free: asyncpg hands it over at once.
            async with pool.acquire() as connection:
                yield connection
        finally:
            turns.release()

    async def close(self) -> None:
        await self._primary.close()
        if self._replica is not self._primary:
            await self._replica.close()


class SqlAlchemyDatabase:
    """An SQLAlchemy engine: the embedded SQLite database of local runs and tests."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqlUnitOfWork]:
        async with _Unavailable(), self.engine.begin() as connection:
            yield SqlUnitOfWork(SqlAlchemyConnection(connection))

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[Sql{{ Res }}Repository]:
        async with _Unavailable(), self.engine.connect() as connection:
            yield Sql{{ Res }}Repository(SqlAlchemyConnection(connection))

    async def ping(self) -> None:
        async with _Unavailable(), self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    def pool_stats(self) -> PoolStats:
        pool = self.engine.pool
        in_use = pool.checkedout() if isinstance(pool, QueuePool) else 0
        return PoolStats(in_use, in_use, 0)

    async def close(self) -> None:
        await self.engine.dispose()


def is_postgresql(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


async def open_database(settings: Settings) -> PostgresDatabase | SqlAlchemyDatabase:
    """The database of ``DATABASE_URL``: PostgreSQL through asyncpg, anything else through
    SQLAlchemy."""
    if is_postgresql(settings.database_url):
        return await PostgresDatabase.connect(settings)
    return SqlAlchemyDatabase(create_async_engine(settings.database_url))


async def _pool(url: str, settings: Settings) -> asyncpg.Pool:
    timeout_ms = round(settings.database_statement_timeout_seconds * 1000)
    return await asyncpg.create_pool(
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False),
        min_size=settings.database_pool_min_size,
        max_size=settings.database_pool_max_size,
        timeout=settings.database_connect_timeout_seconds,
        # The server cancels a statement that runs longer; the client gives up a bit later.
        command_timeout=settings.database_statement_timeout_seconds + 1,
        server_settings={"statement_timeout": str(timeout_ms)},
        reset=_keep_session,
    )


async def _keep_session(connection: "asyncpg.Connection[asyncpg.Record]") -> None:
    """Reset nothing more on release: asyncpg still rolls back an unfinished transaction,
    and the service changes no session state (no SET, LISTEN, advisory lock or cursor
    outside a transaction). The default reset would cost a round trip on every request."""
