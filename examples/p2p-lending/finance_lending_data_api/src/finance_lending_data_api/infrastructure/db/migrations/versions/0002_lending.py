"""Lending: KYC status and Telegram chat of users; loans, escrow_accounts, payments.

Revision ID: 0002
Revises: 0001
Create Date: 2026-02-01 00:00:00
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _created_at() -> "sa.Column[datetime]":
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("kyc_status", sa.String(16), server_default=sa.text("'pending'"), nullable=False),
    )
    op.add_column("users", sa.Column("telegram_chat_id", sa.BigInteger(), nullable=True))
    op.create_index(op.f("ix_users_telegram_chat_id"), "users", ["telegram_chat_id"], unique=True)
    op.create_table(
        "loans",
        sa.Column("id", ID, nullable=False),
        sa.Column("borrower_id", ID, nullable=False),
        sa.Column("purpose", sa.String(200), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), server_default=sa.text("'active'"), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        _created_at(),
        sa.CheckConstraint("amount BETWEEN 100 AND 50000", name=op.f("ck_loans_amount_range")),
        sa.CheckConstraint("term_months BETWEEN 1 AND 60", name=op.f("ck_loans_term_range")),
        sa.CheckConstraint("score BETWEEN 300 AND 850", name=op.f("ck_loans_score_range")),
        sa.ForeignKeyConstraint(
            ["borrower_id"],
            ["users.id"],
            name=op.f("fk_loans_borrower_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loans")),
    )
    op.create_index(op.f("ix_loans_borrower_id"), "loans", ["borrower_id", "status"])
    op.create_table(
        "escrow_accounts",
        sa.Column("id", ID, nullable=False),
        sa.Column("loan_id", ID, nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.Column("balance", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint(
            "balance BETWEEN 0 AND target", name=op.f("ck_escrow_accounts_within_target")
        ),
        sa.ForeignKeyConstraint(
            ["loan_id"],
            ["loans.id"],
            name=op.f("fk_escrow_accounts_loan_id_loans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escrow_accounts")),
        sa.UniqueConstraint("loan_id", name=op.f("uq_escrow_accounts_loan_id")),
    )
    op.create_table(
        "payments",
        sa.Column("id", ID, nullable=False),
        sa.Column("loan_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        _created_at(),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payments_positive")),
        sa.ForeignKeyConstraint(
            ["loan_id"], ["loans.id"], name=op.f("fk_payments_loan_id_loans"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_payments_user_id_users"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
    )
    op.create_index(op.f("ix_payments_loan_id"), "payments", ["loan_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_payments_loan_id"), table_name="payments")
    op.drop_table("payments")
    op.drop_table("escrow_accounts")
    op.drop_index(op.f("ix_loans_borrower_id"), table_name="loans")
    op.drop_table("loans")
    op.drop_index(op.f("ix_users_telegram_chat_id"), table_name="users")
    op.drop_column("users", "telegram_chat_id")
    op.drop_column("users", "kyc_status")
