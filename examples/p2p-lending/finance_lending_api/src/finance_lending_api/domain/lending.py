"""Lending: borrowers with a KYC status, loan applications and their rules, investments.

Amounts are whole euros. The rules a request alone decides (amount, term) are checked
here; the ones that depend on stored data (KYC approved, at most three active loans,
funding within the amount) are checked by the data-api in the transaction that writes.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from finance_lending_api.domain.errors import DomainError

MIN_AMOUNT = 100
MAX_AMOUNT = 50_000
MIN_TERM_MONTHS = 1
MAX_TERM_MONTHS = 60

KycStatus = Literal["pending", "approved", "rejected"]


@dataclass(frozen=True, slots=True)
class Borrower:
    id: int
    name: str
    kyc_status: KycStatus
    telegram_chat_id: int | None
    created_at: datetime
    loans_total: int
    loans_repaid: int
    active_loans: int
    active_debt: int


@dataclass(frozen=True, slots=True)
class LoanApplication:
    borrower_id: int
    purpose: str
    amount: int
    term_months: int


@dataclass(frozen=True, slots=True)
class Loan:
    id: int
    borrower_id: int
    purpose: str
    amount: int
    term_months: int
    status: Literal["active", "repaid"]
    funded: int
    score: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Investment:
    id: int
    loan_id: int
    investor_id: int
    amount: int
    created_at: datetime


class LoanRuleError(DomainError):
    """The request itself breaks a rule (422); ``rule`` names it, ``errors`` says where."""

    def __init__(self, rule: str, field: str, message: str) -> None:
        super().__init__(f"Rule {rule}: {field} {message}")
        self.rule = rule
        self.errors: list[dict[str, Any]] = [{"loc": ["body", field], "msg": message, "type": rule}]


class RuleRefusedError(DomainError):
    """The stored state refuses the request (409), e.g. KYC not approved; ``rule`` names it."""

    def __init__(self, rule: str, detail: str) -> None:
        super().__init__(detail)
        self.rule = rule


class LendingNotFoundError(DomainError):
    """The data-api knows no such borrower or loan."""


def check_application(application: LoanApplication) -> None:
    """Raise ``LoanRuleError`` for an amount or a term outside the product's limits."""
    if not MIN_AMOUNT <= application.amount <= MAX_AMOUNT:
        raise LoanRuleError("amount_range", "amount", f"must be {MIN_AMOUNT} to {MAX_AMOUNT:,} EUR")
    if not MIN_TERM_MONTHS <= application.term_months <= MAX_TERM_MONTHS:
        raise LoanRuleError(
            "term_range", "term_months", f"must be {MIN_TERM_MONTHS} to {MAX_TERM_MONTHS} months"
        )
