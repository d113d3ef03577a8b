{%- set plural = cookiecutter.resource_plural -%}
"""Create the {{ plural }} and idempotency_keys tables.

Revision ID: 0001
Revises:
Create Date: 2026-01-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Literal sizes, not the domain's constants: a migration records history and must not
# change when the code does.


def upgrade() -> None:
    op.create_table(
        "{{ plural }}",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("version", sa.BigInteger(), server_default=sa.text("1"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_{{ plural }}")),
    )
    op.create_index(
        op.f("ix_{{ plural }}_name"),
        "{{ plural }}",
        ["name", "id"],
    )
    op.create_index(
        op.f("ix_{{ plural }}_created_at"),
        "{{ plural }}",
        ["created_at", "id"],
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_idempotency_keys")),
    )
    op.create_index(op.f("ix_idempotency_keys_created_at"), "idempotency_keys", ["created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_idempotency_keys_created_at"), table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
    op.drop_index(
        op.f("ix_{{ plural }}_created_at"),
        table_name="{{ plural }}",
    )
    op.drop_index(
        op.f("ix_{{ plural }}_name"),
        table_name="{{ plural }}",
    )
    op.drop_table("{{ plural }}")
