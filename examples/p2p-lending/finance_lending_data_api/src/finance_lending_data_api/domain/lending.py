"""Lending: borrowers with a KYC status, their loans, the investments that fund a loan.

Amounts are whole euros. The rules of a loan application live here; the one that depends
on stored data (at most three active loans) is checked in the transaction that stores it.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from finance_lending_data_api.domain.errors import NotFoundError

MIN_AMOUNT = 100
MAX_AMOUNT = 50_000
MIN_TERM_MONTHS = 1
MAX_TERM_MONTHS = 60
MAX_ACTIVE_LOANS = 3
PURPOSE_MAX_LENGTH = 200
MIN_SCORE = 300
MAX_SCORE = 850

KycStatus = Literal["pending", "approved", "rejected"]
LoanStatus = Literal["active", "repaid"]


@dataclass(frozen=True, slots=True)
class Borrower:
    """A user seen as a borrower: identity, KYC status and credit history."""

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
class BorrowerChanges:
    """The fields named in ``values`` change: ``kyc_status``, ``telegram_chat_id``."""

    values: dict[str, object]


@dataclass(frozen=True, slots=True)
class LoanApplication:
    """What a borrower asks for."""

    borrower_id: int
    purpose: str
    amount: int
    term_months: int


@dataclass(frozen=True, slots=True)
class Loan:
    """A stored loan; ``funded`` is the balance of its escrow account."""

    id: int
    borrower_id: int
    purpose: str
    amount: int
    term_months: int
    status: LoanStatus
    funded: int
    score: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Investment:
    """Money an investor put into a loan's escrow account (a payment of kind investment)."""

    id: int
    loan_id: int
    investor_id: int
    amount: int
    created_at: datetime


class RuleViolationError(Exception):
    """A business rule refuses the request; ``rule`` names it for the client."""

    rule = "rule"


class KycNotApprovedError(RuleViolationError):
    rule = "kyc_approved"

    def __init__(self, borrower_id: int, status: str) -> None:
        super().__init__(
            f"Rule kyc_approved: borrower {borrower_id} has KYC status {status!r}; "
            "only approved borrowers can apply"
        )


class ActiveLoansLimitError(RuleViolationError):
    rule = "max_active_loans"

    def __init__(self, borrower_id: int) -> None:
        super().__init__(
            f"Rule max_active_loans: borrower {borrower_id} already has "
            f"{MAX_ACTIVE_LOANS} active loans"
        )


class FundingExceededError(RuleViolationError):
    rule = "funding_limit"

    def __init__(self, loan_id: int, remaining: int) -> None:
        super().__init__(
            f"Rule funding_limit: loan {loan_id} needs only {remaining} EUR more; "
            "an investment cannot exceed the loan's amount"
        )


class TelegramChatTakenError(RuleViolationError):
    rule = "one_user_per_chat"

    def __init__(self) -> None:
        super().__init__("Rule one_user_per_chat: this Telegram chat belongs to another user")


class AlreadyScoredError(RuleViolationError):
    rule = "scored_once"

    def __init__(self, loan_id: int) -> None:
        super().__init__(f"Rule scored_once: loan {loan_id} already has a score")


class BorrowerNotFoundError(NotFoundError):
    def __init__(self, user_id: int) -> None:
        super().__init__(f"User {user_id} not found")


class LendingLoanNotFoundError(NotFoundError):
    def __init__(self, loan_id: int) -> None:
        super().__init__(f"Loan {loan_id} not found")


class ChatNotLinkedError(NotFoundError):
    def __init__(self, chat_id: int) -> None:
        super().__init__(f"No user is linked to Telegram chat {chat_id}")
