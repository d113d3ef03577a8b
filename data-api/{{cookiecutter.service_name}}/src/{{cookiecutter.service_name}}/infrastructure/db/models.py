{%- set Res = cookiecutter.__resource_class -%}
"""Tables, as typed declarative models: the schema Alembic migrations are compared with."""

from datetime import UTC, datetime
from typing import cast

from sqlalchemy import (
    BigInteger,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from {{ cookiecutter.service_name }}.domain.{{ cookiecutter.resource_name }} import NAME_MAX_LENGTH

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments an INTEGER PRIMARY KEY.
Id = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp, stored and read back as UTC even where the database (SQLite)
    keeps no zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.astimezone(UTC) if value is not None and value.tzinfo else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class {{ Res }}Model(Base):
    __tablename__ = "{{ cookiecutter.resource_plural }}"
    # Keyset pagination for each sort order reads one of these indexes.
    __table_args__ = (
        Index(None, "name", "id"),
        Index(None, "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    description: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(BigInteger, server_default=text("1"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), server_default=func.now())


class IdempotencyKeyModel(Base):
    """The answer given to a create request, kept for replays of its ``Idempotency-Key``."""

    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    answer: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


{%- if cookiecutter.maturity_level == "4" %}


class AuditRecordModel(Base):
    """Who changed what, when, in which request: one row per write."""

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "resource", "resource_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20))
    resource: Mapped[str] = mapped_column(String(100))
    resource_id: Mapped[int] = mapped_column(BigInteger)
    request_id: Mapped[str | None] = mapped_column(String(128))
    changes: Mapped[str] = mapped_column(Text)
{%- endif %}


{{ cookiecutter.resource_plural | upper }} = cast(Table, {{ Res }}Model.__table__)
IDEMPOTENCY_KEYS = cast(Table, IdempotencyKeyModel.__table__)
{%- if cookiecutter.maturity_level == "4" %}
AUDIT_LOG = cast(Table, AuditRecordModel.__table__)
{%- endif %}
