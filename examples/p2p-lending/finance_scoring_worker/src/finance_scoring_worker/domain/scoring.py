"""The credit score of a borrower when a loan is created: 300 (worst) to 850 (best).

score = 300 + history + debt + age
history = 50 per repaid loan, at most 200          (a track record of paying back)
debt    = 250 x (1 - active debt / 150,000 EUR)    (the debt ratio: the active loans,
                                                    the new one included, against the
                                                    most a borrower may owe: 3 x 50,000)
age     = 100 x account age in days / 730, at most 100   (two years count in full)
"""

from dataclasses import dataclass
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict

MIN_SCORE = 300
MAX_SCORE = 850
POINTS_PER_REPAID_LOAN = 50
MAX_HISTORY_POINTS = 200
MAX_DEBT_POINTS = 250
DEBT_CAPACITY_EUR = 3 * 50_000
MAX_AGE_POINTS = 100
FULL_AGE_DAYS = 730


class CreditProfile(BaseModel):
    """What the data-api knows of a borrower (``GET /api/v1/borrowers/{id}``)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: int
    telegram_chat_id: int | None
    created_at: AwareDatetime
    loans_repaid: int
    active_debt: int


class LoanCreatedPayload(BaseModel):
    """The loan a ``loan.created`` event announces (the fields scoring needs)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: int
    borrower_id: int
    amount: int
    term_months: int


@dataclass(frozen=True, slots=True)
class Score:
    value: int
    history: int
    debt: int
    age: int


def credit_score(profile: CreditProfile, at: datetime) -> Score:
    """The borrower's score at the instant ``at`` (the event's time: the same event always
    gives the same score)."""
    history = min(profile.loans_repaid * POINTS_PER_REPAID_LOAN, MAX_HISTORY_POINTS)
    ratio = min(max(profile.active_debt, 0) / DEBT_CAPACITY_EUR, 1.0)
    debt = round(MAX_DEBT_POINTS * (1 - ratio))
    age_days = max((at - profile.created_at).days, 0)
    age = round(MAX_AGE_POINTS * min(age_days, FULL_AGE_DAYS) / FULL_AGE_DAYS)
    value = min(MIN_SCORE + history + debt + age, MAX_SCORE)
    return Score(value, history, debt, age)
