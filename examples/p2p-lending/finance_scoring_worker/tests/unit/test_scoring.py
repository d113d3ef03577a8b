from datetime import UTC, datetime, timedelta

import pytest

from finance_scoring_worker.domain.scoring import CreditProfile, credit_score

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def profile(*, age_days: int = 0, repaid: int = 0, debt: int = 0) -> CreditProfile:
    return CreditProfile(
        id=1,
        telegram_chat_id=None,
        created_at=NOW - timedelta(days=age_days),
        loans_repaid=repaid,
        active_debt=debt,
    )


def test_a_new_borrower_with_a_small_loan_scores_on_the_debt_ratio_alone() -> None:
    score = credit_score(profile(debt=15_000), NOW)

    assert (score.history, score.debt, score.age) == (0, 225, 0)
    assert score.value == 525


def test_the_best_borrower_scores_850() -> None:
    assert credit_score(profile(age_days=1000, repaid=9, debt=0), NOW).value == 850


def test_the_worst_borrower_scores_300() -> None:
    assert credit_score(profile(debt=500_000), NOW).value == 300


@pytest.mark.parametrize(("days", "points"), [(0, 0), (365, 50), (730, 100), (5000, 100)])
def test_account_age_counts_in_full_after_two_years(days: int, points: int) -> None:
    assert credit_score(profile(age_days=days), NOW).age == points


def test_each_repaid_loan_counts_up_to_four() -> None:
    assert [credit_score(profile(repaid=n), NOW).history for n in (1, 4, 5)] == [50, 200, 200]


def test_an_account_created_after_the_event_counts_no_age() -> None:
    assert credit_score(profile(age_days=-3), NOW).age == 0
