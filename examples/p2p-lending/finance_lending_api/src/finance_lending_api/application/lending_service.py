"""Use cases of lending: borrowers' KYC, loan applications, investments."""

import structlog

from finance_lending_api.domain.events import EventPublisher, LoanCreated
from finance_lending_api.domain.lending import (
    Borrower,
    Investment,
    Loan,
    LoanApplication,
    check_application,
)
from finance_lending_api.domain.ports import LendingRepository

logger = structlog.get_logger(__name__)


class LendingService:
    """Checks the rules a request alone decides, lets the data-api check the stored ones,
    and announces each accepted application as ``loan.created``."""

    def __init__(self, repository: LendingRepository, events: EventPublisher | None) -> None:
        self._repository = repository
        self._events = events

    async def borrower(self, user_id: int) -> Borrower:
        return await self._repository.borrower(user_id)

    async def borrower_by_chat(self, chat_id: int) -> Borrower:
        return await self._repository.borrower_by_chat(chat_id)

    async def change_borrower(self, user_id: int, changes: dict[str, object]) -> Borrower:
        """Record the KYC verdict or link a Telegram chat."""
        changed = await self._repository.change_borrower(user_id, changes)
        logger.info("borrower.changed", user_id=user_id, kyc_status=changed.kyc_status)
        return changed

    async def apply(self, application: LoanApplication, idempotency_key: str | None = None) -> Loan:
        """Store the application and announce it; a replay with the same key announces the
        same event again (same ``event_id``), which consumers deduplicate."""
        check_application(application)
        loan = await self._repository.add_loan(application, idempotency_key)
        logger.info("loan.applied", loan_id=loan.id, borrower_id=loan.borrower_id)
        if self._events is not None:
            await self._events.publish(LoanCreated(loan))
        return loan

    async def loan(self, loan_id: int) -> Loan:
        return await self._repository.loan(loan_id)

    async def invest(
        self, loan_id: int, investor_id: int, amount: int, idempotency_key: str | None = None
    ) -> Investment:
        """Fund a loan; a replay with the same key moves no money again."""
        investment = await self._repository.invest(loan_id, investor_id, amount, idempotency_key)
        logger.info("loan.invested", loan_id=loan_id, investment_id=investment.id)
        return investment
