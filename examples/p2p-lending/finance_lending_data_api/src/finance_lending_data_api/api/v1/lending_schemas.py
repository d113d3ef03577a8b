"""Request and response bodies of the borrowers and loans endpoints."""

from datetime import datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from finance_lending_data_api.domain.lending import (
    MAX_AMOUNT,
    MAX_SCORE,
    MAX_TERM_MONTHS,
    MIN_AMOUNT,
    MIN_SCORE,
    MIN_TERM_MONTHS,
    PURPOSE_MAX_LENGTH,
    BorrowerChanges,
    KycStatus,
    LoanApplication,
    LoanStatus,
)
from finance_lending_data_api.domain.user import MAX_ID

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)

UserId = Annotated[int, Field(ge=1, le=MAX_ID)]
# Telegram chat ids are signed 52-bit integers.
ChatId = Annotated[int, Field(ge=-(2**52), le=2**52)]
Euros = Annotated[int, Field(ge=1, le=MAX_AMOUNT, description="Whole euros")]


class BorrowerUpdate(BaseModel):
    """Body of ``PATCH /api/v1/borrowers/{id}``: at least one field."""

    model_config = ConfigDict(
        **_STRICT, json_schema_extra={"examples": [{"kyc_status": "approved"}]}
    )

    kyc_status: KycStatus | None = None
    telegram_chat_id: ChatId | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("give kyc_status, telegram_chat_id or both")
        if "kyc_status" in self.model_fields_set and self.kyc_status is None:
            raise ValueError("kyc_status cannot be null")
        return self

    def to_domain(self) -> BorrowerChanges:
        return BorrowerChanges(self.model_dump(include=self.model_fields_set))


class BorrowerOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kyc_status: KycStatus
    telegram_chat_id: int | None
    created_at: datetime
    loans_total: int
    loans_repaid: int
    active_loans: int
    active_debt: int = Field(description="Sum of the active loans' amounts, whole euros")


class LoanCreate(BaseModel):
    """Body of ``POST /api/v1/loans``."""

    model_config = ConfigDict(
        **_STRICT,
        json_schema_extra={
            "examples": [{"borrower_id": 1, "purpose": "Car", "amount": 5000, "term_months": 24}]
        },
    )

    borrower_id: UserId
    purpose: str = Field(min_length=1, max_length=PURPOSE_MAX_LENGTH, pattern=r"^[^\x00]*$")
    amount: int = Field(ge=MIN_AMOUNT, le=MAX_AMOUNT, description="Whole euros")
    term_months: int = Field(ge=MIN_TERM_MONTHS, le=MAX_TERM_MONTHS)

    def to_domain(self) -> LoanApplication:
        return LoanApplication(self.borrower_id, self.purpose, self.amount, self.term_months)


class LoanOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    borrower_id: int
    purpose: str
    amount: int
    term_months: int
    status: LoanStatus
    funded: int = Field(description="Invested so far (the escrow balance), whole euros")
    score: int | None
    created_at: datetime


class InvestmentCreate(BaseModel):
    """Body of ``POST /api/v1/loans/{id}/investments``."""

    model_config = _STRICT

    investor_id: UserId
    amount: Euros


class InvestmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    loan_id: int
    investor_id: int
    amount: int
    created_at: datetime


class ScoreCreate(BaseModel):
    """Body of ``POST /api/v1/scores``: the credit score of a loan's borrower."""

    model_config = _STRICT

    loan_id: UserId
    score: int = Field(ge=MIN_SCORE, le=MAX_SCORE)
