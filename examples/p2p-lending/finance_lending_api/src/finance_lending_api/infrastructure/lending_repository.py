"""The ``LendingRepository`` port over the data-api's borrowers and loans endpoints.

It shares the transport of ``DataApiUserRepository``: request ID forwarding, timeouts,
retries of idempotent calls, failures as domain errors.
"""

from datetime import datetime
from http import HTTPStatus
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from finance_lending_api.domain.errors import DataSourceError
from finance_lending_api.domain.lending import (
    Borrower,
    Investment,
    KycStatus,
    LendingNotFoundError,
    Loan,
    LoanApplication,
    RuleRefusedError,
)
from finance_lending_api.infrastructure.user_repository import (
    DataApiUserRepository,
    _failure,
    _problem,
)


class _BorrowerPayload(BaseModel):
    id: int
    name: str
    kyc_status: KycStatus
    telegram_chat_id: int | None
    created_at: datetime
    loans_total: int
    loans_repaid: int
    active_loans: int
    active_debt: int


class _LoanPayload(BaseModel):
    id: int
    borrower_id: int
    purpose: str
    amount: int
    term_months: int
    status: Literal["active", "repaid"]
    funded: int
    score: int | None
    created_at: datetime


class _InvestmentPayload(BaseModel):
    id: int
    loan_id: int
    investor_id: int
    amount: int
    created_at: datetime


class _RefusalPayload(BaseModel):
    detail: str
    rule: str


class DataApiLendingRepository(DataApiUserRepository):
    """Client of the data-api's ``/api/v1/borrowers`` and ``/api/v1/loans``."""

    def __init__(self, session: Any, base_url: str, attempts: int = 3) -> None:
        super().__init__(session, base_url, attempts=attempts)
        self._base = f"{base_url.rstrip('/')}/api/v1"

    async def borrower(self, user_id: int) -> Borrower:
        raw = await self._expect("GET", f"/borrowers/{user_id}", HTTPStatus.OK, retry=True)
        return Borrower(**_parse(_BorrowerPayload, raw).model_dump())

    async def borrower_by_chat(self, chat_id: int) -> Borrower:
        path = f"/borrowers/by-telegram/{chat_id}"
        raw = await self._expect("GET", path, HTTPStatus.OK, retry=True)
        return Borrower(**_parse(_BorrowerPayload, raw).model_dump())

    async def change_borrower(self, user_id: int, changes: dict[str, object]) -> Borrower:
        path = f"/borrowers/{user_id}"
        # Setting the same values again changes nothing more: safe to retry.
        raw = await self._expect("PATCH", path, HTTPStatus.OK, json=changes, retry=True)
        return Borrower(**_parse(_BorrowerPayload, raw).model_dump())

    async def add_loan(
        self, application: LoanApplication, idempotency_key: str | None = None
    ) -> Loan:
        body = {
            "borrower_id": application.borrower_id,
            "purpose": application.purpose,
            "amount": application.amount,
            "term_months": application.term_months,
        }
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        raw = await self._expect(
            "POST",
            "/loans",
            HTTPStatus.CREATED,
            json=body,
            headers=headers,
            retry=idempotency_key is not None,
        )
        return Loan(**_parse(_LoanPayload, raw).model_dump())

    async def loan(self, loan_id: int) -> Loan:
        raw = await self._expect("GET", f"/loans/{loan_id}", HTTPStatus.OK, retry=True)
        return Loan(**_parse(_LoanPayload, raw).model_dump())

    async def invest(
        self, loan_id: int, investor_id: int, amount: int, idempotency_key: str | None = None
    ) -> Investment:
        body = {"investor_id": investor_id, "amount": amount}
        path = f"/loans/{loan_id}/investments"
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        raw = await self._expect(
            "POST",
            path,
            HTTPStatus.CREATED,
            json=body,
            headers=headers,
            retry=idempotency_key is not None,
        )
        return Investment(**_parse(_InvestmentPayload, raw).model_dump())

    async def _expect(
        self,
        method: str,
        path: str,
        expected: int,
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
        retry: bool = False,
    ) -> bytes:
        status, raw = await self._call(
            method, f"{self._base}{path}", json=json, headers=headers, retry=retry
        )
        if status == expected:
            return raw
        if status == HTTPStatus.NOT_FOUND:
            raise LendingNotFoundError(_detail(raw) or f"{path} not found")
        if status == HTTPStatus.CONFLICT:
            refusal = _refusal(raw)
            if refusal is not None:
                raise RuleRefusedError(refusal.rule, refusal.detail)
        raise _failure(status, raw)


def _parse[T: BaseModel](model: type[T], raw: bytes) -> T:
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise DataSourceError(f"data-api sent a malformed {model.__name__}") from exc


def _refusal(raw: bytes) -> _RefusalPayload | None:
    try:
        return _RefusalPayload.model_validate_json(raw)
    except ValidationError:
        return None


def _detail(raw: bytes) -> str | None:
    return _problem(raw).detail
