"""Create the {{ cookiecutter.resource_plural }} table.

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
        "{{ cookiecutter.resource_plural }}",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_{{ cookiecutter.resource_plural }}")),
    )


def downgrade() -> None:
    op.drop_table("{{ cookiecutter.resource_plural }}")
