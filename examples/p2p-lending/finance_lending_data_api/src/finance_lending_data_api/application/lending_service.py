"""Use cases of lending, each in one database transaction."""

import hashlib
import json
from dataclasses import asdict
from datetime import datetime

import structlog

from finance_lending_data_api.domain.errors import (
    IdempotencyKeyInProgressError,
    IdempotencyKeyReusedError,
)
from finance_lending_data_api.domain.lending import (
    MAX_ACTIVE_LOANS,
    ActiveLoansLimitError,
    AlreadyScoredError,
    Borrower,
    BorrowerChanges,
    BorrowerNotFoundError,
    ChatNotLinkedError,
    FundingExceededError,
    Investment,
    KycNotApprovedError,
    LendingLoanNotFoundError,
    Loan,
    LoanApplication,
)
from finance_lending_data_api.domain.ports import Database, UnitOfWork

logger = structlog.get_logger(__name__)


class LendingService:
    """Borrowers, loan applications, investments and scores through the ``Database`` port."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def borrower(self, user_id: int) -> Borrower:
        async with self._database.transaction() as uow:
            found = await uow.lending.borrower(user_id)
        if found is None:
            raise BorrowerNotFoundError(user_id)
        return found

    async def borrower_by_chat(self, chat_id: int) -> Borrower:
        async with self._database.transaction() as uow:
            found = await uow.lending.borrower_by_chat(chat_id)
        if found is None:
            raise ChatNotLinkedError(chat_id)
        return found

    async def change_borrower(self, user_id: int, changes: BorrowerChanges) -> Borrower:
        """Set the KYC status or the Telegram chat of a user."""
        async with self._database.transaction() as uow:
            if not await uow.lending.change_borrower(user_id, changes):
                raise BorrowerNotFoundError(user_id)
            changed = await uow.lending.borrower(user_id)
        assert changed is not None
        logger.info("borrower.changed", user_id=user_id, fields=sorted(changes.values))
        return changed

    async def apply(
        self, application: LoanApplication, idempotency_key: str | None = None
    ) -> tuple[Loan, bool]:
        """Store the loan if the borrower's KYC is approved and they have fewer than
        ``MAX_ACTIVE_LOANS`` active loans; the borrower's row is locked meanwhile, so two
        concurrent applications cannot both take the last free place. A replay of
        ``idempotency_key`` answers the first loan (``True`` as the second item)."""
        fingerprint = _fingerprint(asdict(application))
        async with self._database.transaction() as uow:
            if idempotency_key is not None:
                earlier = await uow.idempotency.claim(idempotency_key, fingerprint)
                if earlier is not None:
                    return await _replay(uow, earlier, fingerprint), True
            borrower = await uow.lending.borrower(application.borrower_id, lock=True)
            if borrower is None:
                raise BorrowerNotFoundError(application.borrower_id)
            if borrower.kyc_status != "approved":
                raise KycNotApprovedError(borrower.id, borrower.kyc_status)
            if borrower.active_loans >= MAX_ACTIVE_LOANS:
                raise ActiveLoansLimitError(borrower.id)
            loan = await uow.lending.add_loan(application)
            if idempotency_key is not None:
                await uow.idempotency.complete(idempotency_key, json.dumps({"loan_id": loan.id}))
        logger.info("loan.created", loan_id=loan.id, borrower_id=loan.borrower_id)
        return loan, False

    async def loan(self, loan_id: int) -> Loan:
        async with self._database.transaction() as uow:
            found = await uow.lending.loan(loan_id)
        if found is None:
            raise LendingLoanNotFoundError(loan_id)
        return found

    async def invest(
        self, loan_id: int, investor_id: int, amount: int, idempotency_key: str | None = None
    ) -> tuple[Investment, bool]:
        """Put ``amount`` into the loan's escrow account, never beyond the loan's amount. A
        replay of ``idempotency_key`` answers the first investment (``True`` as the second
        item) and moves no money."""
        fingerprint = _fingerprint(
            {"loan_id": loan_id, "investor_id": investor_id, "amount": amount}
        )
        async with self._database.transaction() as uow:
            if idempotency_key is not None:
                earlier = await uow.idempotency.claim(idempotency_key, fingerprint)
                if earlier is not None:
                    return _earlier_investment(earlier, fingerprint), True
            if await uow.lending.borrower(investor_id) is None:
                raise BorrowerNotFoundError(investor_id)
            investment = await uow.lending.fund(loan_id, investor_id, amount)
            if investment is None:
                loan = await uow.lending.loan(loan_id)
                if loan is None:
                    raise LendingLoanNotFoundError(loan_id)
                raise FundingExceededError(loan_id, loan.amount - loan.funded)
            if idempotency_key is not None:
                snapshot = asdict(investment) | {"created_at": investment.created_at.isoformat()}
                await uow.idempotency.complete(idempotency_key, json.dumps(snapshot))
        logger.info("loan.funded", loan_id=loan_id, investment_id=investment.id, amount=amount)
        return investment, False

    async def score(self, loan_id: int, score: int, idempotency_key: str) -> tuple[Loan, bool]:
        """Record the loan's score once; a replay of the key answers the first result
        (``True`` as the second item), a second score of the loan is refused."""
        fingerprint = _fingerprint({"loan_id": loan_id, "score": score})
        async with self._database.transaction() as uow:
            earlier = await uow.idempotency.claim(idempotency_key, fingerprint)
            if earlier is not None:
                return await _replay(uow, earlier, fingerprint), True
            scored = await uow.lending.set_score(loan_id, score)
            if scored is None:
                if await uow.lending.loan(loan_id) is None:
                    raise LendingLoanNotFoundError(loan_id)
                raise AlreadyScoredError(loan_id)
            await uow.idempotency.complete(idempotency_key, json.dumps({"loan_id": loan_id}))
        logger.info("loan.scored", loan_id=loan_id, score=score)
        return scored, False


def _fingerprint(request: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()


def _earlier_investment(earlier: tuple[str, str | None], fingerprint: str) -> Investment:
    stored_fingerprint, answer = earlier
    if stored_fingerprint != fingerprint:
        raise IdempotencyKeyReusedError
    if answer is None:
        raise IdempotencyKeyInProgressError
    fields = json.loads(answer)
    return Investment(**fields | {"created_at": datetime.fromisoformat(fields["created_at"])})


async def _replay(uow: UnitOfWork, earlier: tuple[str, str | None], fingerprint: str) -> Loan:
    """The loan the first request with this key answered (its current state)."""
    stored_fingerprint, answer = earlier
    if stored_fingerprint != fingerprint:
        raise IdempotencyKeyReusedError
    if answer is None:
        raise IdempotencyKeyInProgressError
    loan_id: int = json.loads(answer)["loan_id"]
    loan = await uow.lending.loan(loan_id)
    if loan is None:
        raise LendingLoanNotFoundError(loan_id)
    return loan
