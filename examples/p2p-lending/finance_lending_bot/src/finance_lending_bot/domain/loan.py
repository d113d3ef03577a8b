"""A loan application as the /apply_loan dialogue builds it, and the rules of its answers.

The limits are the business API's (SPEC: 100 to 50,000 EUR, 1 to 60 months): answers are
checked here first, so the user is asked again at once instead of after the confirmation.
"""

import re
from dataclasses import dataclass
from typing import Literal

MIN_AMOUNT = 100
MAX_AMOUNT = 50_000
MIN_TERM_MONTHS = 1
MAX_TERM_MONTHS = 60
# Thousands may be grouped with spaces, commas, dots or apostrophes: "5 000", "5,000".
_WHOLE_NUMBER = re.compile(r"\d{1,3}(?:[ ,.'\u2019]?\d{3})*|\d+")

NumberProblem = Literal["not_a_number", "out_of_range"]


class InvalidNumber(ValueError):
    """An answer that is no whole number, or one outside ``[minimum, maximum]``."""

    def __init__(self, problem: NumberProblem, minimum: int, maximum: int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.minimum = minimum
        self.maximum = maximum


def whole_number(text: str, minimum: int, maximum: int) -> int:
    cleaned = text.strip().removesuffix("€").removesuffix("EUR").strip()
    if not _WHOLE_NUMBER.fullmatch(cleaned):
        raise InvalidNumber("not_a_number", minimum, maximum)
    value = int(re.sub(r"\D", "", cleaned))
    if not minimum <= value <= maximum:
        raise InvalidNumber("out_of_range", minimum, maximum)
    return value


def loan_amount(text: str) -> int:
    """Whole euros, 100 to 50,000."""
    return whole_number(text, MIN_AMOUNT, MAX_AMOUNT)


def loan_term(text: str) -> int:
    """Months, 1 to 60."""
    return whole_number(text, MIN_TERM_MONTHS, MAX_TERM_MONTHS)


@dataclass(frozen=True)
class Borrower:
    """The user linked to a Telegram chat, as the business API returns them."""

    id: int
    kyc_status: str


@dataclass(frozen=True)
class LoanApplication:
    """An application the business API accepted."""

    id: int
    amount: int
    term_months: int
