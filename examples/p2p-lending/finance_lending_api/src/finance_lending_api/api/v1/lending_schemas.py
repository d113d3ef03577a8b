"""Request and response bodies of the borrowers and loans endpoints."""

from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from finance_lending_api.domain.lending import KycStatus, LoanApplication
from finance_lending_api.domain.user import MAX_ID

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Telegram chat ids are signed 52-bit integers.
ChatId = Annotated[int, Field(ge=-(2**52), le=2**52)]


class BorrowerUpdate(BaseModel):
    """Body of ``PATCH /api/v1/borrowers/{id}``: the KYC verdict, a Telegram chat, or both."""

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

    def changes(self) -> dict[str, object]:
        return self.model_dump(include=self.model_fields_set)


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
    """Body of ``POST /api/v1/loans``. Amount (100 to 50,000 EUR) and term (1 to 60
    months) are checked as business rules: a 422 names the rule broken."""

    model_config = ConfigDict(
        **_STRICT,
        json_schema_extra={
            "examples": [{"borrower_id": 1, "purpose": "Car", "amount": 5000, "term_months": 24}]
        },
    )

    borrower_id: Id
    purpose: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00]*$")
    amount: int = Field(ge=0, le=10**9, description="Whole euros")
    term_months: int = Field(ge=0, le=10**4)

    def to_domain(self) -> LoanApplication:
        return LoanApplication(self.borrower_id, self.purpose, self.amount, self.term_months)


class LoanOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    borrower_id: int
    purpose: str
    amount: int
    term_months: int
    status: Literal["active", "repaid"]
    funded: int = Field(description="Invested so far, whole euros")
    score: int | None = Field(description="Credit score 300-850, set by the scoring worker")
    created_at: datetime


class InvestmentCreate(BaseModel):
    model_config = _STRICT

    investor_id: Id
    amount: int = Field(ge=1, le=50_000, description="Whole euros")


class InvestmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    loan_id: int
    investor_id: int
    amount: int
    created_at: datetime
