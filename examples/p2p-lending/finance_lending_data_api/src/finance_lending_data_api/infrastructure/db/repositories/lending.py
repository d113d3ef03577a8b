"""Borrowers, loans, escrow accounts and payments: SQLAlchemy Core on a ``Connection``."""

import asyncpg
import sqlalchemy.exc
from sqlalchemy import Select, and_, case, func, insert, select, update

from finance_lending_data_api.domain.lending import (
    Borrower,
    BorrowerChanges,
    Investment,
    Loan,
    LoanApplication,
    TelegramChatTakenError,
)
from finance_lending_data_api.infrastructure.db.connection import Connection, Row
from finance_lending_data_api.infrastructure.db.models import (
    ESCROW_ACCOUNTS,
    LOANS,
    PAYMENTS,
    USERS,
    utcnow,
)

_ACTIVE = LOANS.c.status == "active"
_HISTORY = (
    select(
        LOANS.c.borrower_id,
        func.count().label("loans_total"),
        func.count().filter(LOANS.c.status == "repaid").label("loans_repaid"),
        func.count().filter(_ACTIVE).label("active_loans"),
        func.coalesce(func.sum(case((_ACTIVE, LOANS.c.amount), else_=0)), 0).label("active_debt"),
    )
    .group_by(LOANS.c.borrower_id)
    .subquery()
)
_LOAN_COLUMNS = (
    LOANS.c.id,
    LOANS.c.borrower_id,
    LOANS.c.purpose,
    LOANS.c.amount,
    LOANS.c.term_months,
    LOANS.c.status,
    ESCROW_ACCOUNTS.c.balance.label("funded"),
    LOANS.c.score,
    LOANS.c.created_at,
)
_SELECT_LOAN = select(*_LOAN_COLUMNS).join(ESCROW_ACCOUNTS, ESCROW_ACCOUNTS.c.loan_id == LOANS.c.id)
# What a second link of one chat raises, on PostgreSQL and on SQLite.
_UNIQUE_VIOLATION = (asyncpg.UniqueViolationError, sqlalchemy.exc.IntegrityError)


def _borrowers() -> Select[tuple[object, ...]]:
    return select(
        USERS.c.id,
        USERS.c.name,
        USERS.c.kyc_status,
        USERS.c.telegram_chat_id,
        USERS.c.created_at,
        func.coalesce(_HISTORY.c.loans_total, 0).label("loans_total"),
        func.coalesce(_HISTORY.c.loans_repaid, 0).label("loans_repaid"),
        func.coalesce(_HISTORY.c.active_loans, 0).label("active_loans"),
        func.coalesce(_HISTORY.c.active_debt, 0).label("active_debt"),
    ).outerjoin(_HISTORY, _HISTORY.c.borrower_id == USERS.c.id)


class SqlLendingRepository:
    """Reads and writes in the connection's transaction; the connection's owner commits."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def borrower(self, user_id: int, *, lock: bool = False) -> Borrower | None:
        if lock:
            # Applications of one borrower queue here: the count of active loans they
            # read next cannot change until this transaction ends.
            locked = select(USERS.c.id).where(USERS.c.id == user_id).with_for_update()
            if await self._connection.fetch_one(locked) is None:
                return None
        row = await self._connection.fetch_one(_borrowers().where(USERS.c.id == user_id))
        return None if row is None else _borrower(row)

    async def borrower_by_chat(self, chat_id: int) -> Borrower | None:
        statement = _borrowers().where(USERS.c.telegram_chat_id == chat_id)
        row = await self._connection.fetch_one(statement)
        return None if row is None else _borrower(row)

    async def change_borrower(self, user_id: int, changes: BorrowerChanges) -> bool:
        statement = (
            update(USERS)
            .where(USERS.c.id == user_id)
            .values(**changes.values, version=USERS.c.version + 1, updated_at=utcnow())
            .returning(USERS.c.id)
        )
        try:
            return await self._connection.fetch_one(statement) is not None
        except _UNIQUE_VIOLATION as error:
            raise TelegramChatTakenError from error

    async def add_loan(self, application: LoanApplication) -> Loan:
        row = await self._connection.fetch_one(
            insert(LOANS)
            .values(
                borrower_id=application.borrower_id,
                purpose=application.purpose,
                amount=application.amount,
                term_months=application.term_months,
                created_at=utcnow(),
            )
            .returning(LOANS.c.id)
        )
        assert row is not None  # an INSERT ... RETURNING returns its row
        escrow = insert(ESCROW_ACCOUNTS).values(loan_id=row["id"], target=application.amount)
        await self._connection.fetch(escrow.returning(ESCROW_ACCOUNTS.c.id))
        loan = await self.loan(row["id"])
        assert loan is not None
        return loan

    async def loan(self, loan_id: int) -> Loan | None:
        row = await self._connection.fetch_one(_SELECT_LOAN.where(LOANS.c.id == loan_id))
        return None if row is None else _loan(row)

    async def fund(self, loan_id: int, investor_id: int, amount: int) -> Investment | None:
        # The condition is evaluated on the locked, current row: concurrent investments in
        # one loan run one after the other and none takes the balance past the target.
        funded = await self._connection.fetch_one(
            update(ESCROW_ACCOUNTS)
            .where(
                and_(
                    ESCROW_ACCOUNTS.c.loan_id == loan_id,
                    ESCROW_ACCOUNTS.c.balance + amount <= ESCROW_ACCOUNTS.c.target,
                )
            )
            .values(balance=ESCROW_ACCOUNTS.c.balance + amount)
            .returning(ESCROW_ACCOUNTS.c.id)
        )
        if funded is None:
            return None
        row = await self._connection.fetch_one(
            insert(PAYMENTS)
            .values(
                loan_id=loan_id,
                user_id=investor_id,
                kind="investment",
                amount=amount,
                created_at=utcnow(),
            )
            .returning(
                PAYMENTS.c.id,
                PAYMENTS.c.loan_id,
                PAYMENTS.c.user_id.label("investor_id"),
                PAYMENTS.c.amount,
                PAYMENTS.c.created_at,
            )
        )
        assert row is not None
        return Investment(**row)

    async def set_score(self, loan_id: int, score: int) -> Loan | None:
        scored = await self._connection.fetch_one(
            update(LOANS)
            .where(LOANS.c.id == loan_id, LOANS.c.score.is_(None))
            .values(score=score)
            .returning(LOANS.c.id)
        )
        return None if scored is None else await self.loan(loan_id)


def _borrower(row: Row) -> Borrower:
    return Borrower(**row)


def _loan(row: Row) -> Loan:
    return Loan(**row)
