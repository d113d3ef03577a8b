"""An in-memory ``LendingRepository`` with the data-api's stored rules, for unit tests."""

from dataclasses import replace
from datetime import UTC, datetime

from finance_lending_api.domain.lending import (
    Borrower,
    Investment,
    KycStatus,
    LendingNotFoundError,
    Loan,
    LoanApplication,
    RuleRefusedError,
)


class InMemoryLendingRepository:
    def __init__(self) -> None:
        self.borrowers: dict[int, Borrower] = {}
        self.loans: dict[int, Loan] = {}
        self.keys: dict[str, Loan] = {}
        self.investments: list[Investment] = []
        self.invested: list[tuple[str | None, Investment]] = []

    def add_borrower(
        self, user_id: int, kyc_status: KycStatus = "approved", chat: int | None = None
    ) -> None:
        self.borrowers[user_id] = Borrower(
            user_id,
            f"User {user_id}",
            kyc_status,
            chat,
            datetime.now(UTC),
            0,
            0,
            0,
            0,
        )

    async def borrower(self, user_id: int) -> Borrower:
        try:
            return self.borrowers[user_id]
        except KeyError:
            raise LendingNotFoundError(f"User {user_id} not found") from None

    async def borrower_by_chat(self, chat_id: int) -> Borrower:
        for borrower in self.borrowers.values():
            if borrower.telegram_chat_id == chat_id:
                return borrower
        raise LendingNotFoundError(f"No user is linked to Telegram chat {chat_id}")

    async def change_borrower(self, user_id: int, changes: dict[str, object]) -> Borrower:
        changed = replace(await self.borrower(user_id), **changes)  # type: ignore[arg-type]
        self.borrowers[user_id] = changed
        return changed

    async def add_loan(
        self, application: LoanApplication, idempotency_key: str | None = None
    ) -> Loan:
        if idempotency_key in self.keys:
            return self.keys[idempotency_key]
        borrower = await self.borrower(application.borrower_id)
        if borrower.kyc_status != "approved":
            raise RuleRefusedError("kyc_approved", "Rule kyc_approved: KYC is not approved")
        if borrower.active_loans >= 3:
            raise RuleRefusedError("max_active_loans", "Rule max_active_loans: 3 active loans")
        loan = Loan(
            len(self.loans) + 1,
            application.borrower_id,
            application.purpose,
            application.amount,
            application.term_months,
            "active",
            0,
            None,
            datetime.now(UTC),
        )
        self.loans[loan.id] = loan
        self.borrowers[borrower.id] = replace(borrower, active_loans=borrower.active_loans + 1)
        if idempotency_key is not None:
            self.keys[idempotency_key] = loan
        return loan

    async def loan(self, loan_id: int) -> Loan:
        try:
            return self.loans[loan_id]
        except KeyError:
            raise LendingNotFoundError(f"Loan {loan_id} not found") from None

    async def invest(
        self, loan_id: int, investor_id: int, amount: int, idempotency_key: str | None = None
    ) -> Investment:
        for earlier_key, earlier in self.invested:
            if earlier_key is not None and earlier_key == idempotency_key:
                return earlier
        loan = await self.loan(loan_id)
        await self.borrower(investor_id)
        if loan.funded + amount > loan.amount:
            raise RuleRefusedError("funding_limit", "Rule funding_limit: too much")
        self.loans[loan_id] = replace(loan, funded=loan.funded + amount)
        investment = Investment(
            len(self.investments) + 1, loan_id, investor_id, amount, datetime.now(UTC)
        )
        self.investments.append(investment)
        self.invested.append((idempotency_key, investment))
        return investment
