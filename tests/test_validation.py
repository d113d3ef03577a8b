"""Pre-generation validation: bad answers are rejected with the rule and a valid value."""

import re
from pathlib import Path

import pytest
from cookiecutter.exceptions import FailedHookException
from pytest_cookies.plugin import Cookies

from hooks.naming import naming_errors, suggest
from hooks.validate import choice_errors
from tests.conftest import Bake, bake_result

VALID = [
    ("business-api", "finance_lending_api"),
    ("business-api", "finance_user_profile_api"),
    ("business-api", "healthcare_telemedicine_api"),
    ("data-api", "finance_lending_data_api"),
    ("data-api", "finance_data_postgres_api"),
    ("worker", "healthcare_reminder_worker"),
    ("worker", "finance_scoring_worker"),
    ("bot", "healthcare_telemedicine_bot"),
    ("bot", "finance_lending_bot"),
]

# (template, answers, words the message must contain)
INVALID = [
    ("business-api", {"service_name": "lending_api"}, "three parts"),
    ("business-api", {"service_name": "Finance_Lending_api"}, "lowercase"),
    ("business-api", {"service_name": "finance-lending-api"}, "lowercase"),
    ("business-api", {"service_name": "finance__lending_api"}, "single underscores"),
    ("business-api", {"service_name": "_finance_lending_api"}, "starting with a letter"),
    ("business-api", {"service_name": "1finance_lending_api"}, "starting with a letter"),
    ("business-api", {"service_name": "finance_lending_api_"}, "single underscores"),
    ("business-api", {"service_name": "finance lending api"}, "lowercase"),
    ("business-api", {"service_name": "finanse_lendíng_api"}, "ASCII"),
    ("business-api", {"service_name": "finance_lending_worker"}, "_api"),
    ("business-api", {"service_name": "finance_lending_v2_api"}, "version suffix"),
    ("business-api", {"service_name": "template_lending_core_api"}, "template_"),
    ("business-api", {"service_name": "service_lending_api"}, "too generic"),
    ("business-api", {"service_name": "app_lending_api"}, "too generic"),
    ("business-api", {"service_name": "api_lending_api"}, "too generic"),
    ("business-api", {"service_name": "finance_user_api"}, "ambiguous"),
    ("business-api", {"service_name": "logistics_fleet_api"}, "ambiguous"),
    ("business-api", {"service_name": "fin_lending_api"}, "abbreviation"),
    ("business-api", {"service_name": "finance_mgmt_api"}, "abbreviation"),
    ("business-api", {"service_name": "finance_lending_data_api"}, "data-api template"),
    ("business-api", {"service_name": "international_securities_lending_api"}, "30 characters"),
    ("business-api", {"service_name": "finance_a_b_c_api"}, "at most four parts"),
    ("data-api", {"service_name": "finance_lending_api"}, "_data_api"),
    ("data-api", {"service_name": "system_lending_data_api"}, "too generic"),
    ("data-api", {"service_name": "finance_svc_data_api"}, "abbreviation"),
    ("worker", {"service_name": "finance_scoring_bot"}, "_worker"),
    ("worker", {"service_name": "finance_worker"}, "three parts"),
    ("worker", {"service_name": "data_scoring_worker"}, "too generic"),
    ("worker", {"service_name": "finance_scoring_v1_worker"}, "version suffix"),
    ("bot", {"service_name": "finance_lending_api"}, "_bot"),
    ("bot", {"service_name": "finance_customer_bot"}, "ambiguous"),
    ("bot", {"python_version": "3.10"}, "python_version"),
    ("bot", {"python_version": "3.14"}, "python_version"),
    ("worker", {"python_version": "three"}, "python_version"),
    ("business-api", {"author_email": "not-an-email"}, "author_email"),
    ("data-api", {"author_email": "team@localhost"}, "author_email"),
    ("worker", {"author_email": "a b@example.com"}, "author_email"),
    ("bot", {"author_email": '"team"@example.com'}, "author_email"),
    ("data-api", {"resource_name": "Loan-Application"}, "resource_name"),
    ("business-api", {"resource_plural": "loan applications"}, "resource_plural"),
    ("data-api", {"resource_name": "escrow_account_transaction"}, "longer than 20"),
    ("data-api", {"resource_name": "class"}, "Python keyword"),
    ("data-api", {"project_name": 'The "Best" Shop'}, "double quote"),
    ("worker", {"description": "Line one\nline two"}, "line break"),
    ("bot", {"author_name": "Team\\Ops"}, "backslash"),
    ("business-api", {"resource_name": "errors"}, "module or table name"),
    ("worker", {"event_name": "loan_created"}, "event_name"),
    ("bot", {"business_api_url": "ftp://example.com"}, "business_api_url"),
    ("business-api", {"data_api_url": "not a url"}, "data_api_url"),
    ("business-api", {"use_redis": "maybe"}, "use_redis 'maybe' is not an option"),
    ("business-api", {"file_storage": "gcs"}, "file_storage 'gcs' is not an option"),
    ("business-api", {"auth": "oauth"}, "auth 'oauth' is not an option"),
    ("worker", {"use_redis": "maybe"}, "use_redis 'maybe' is not an option"),
    ("worker", {"data_api_url": "ftp://x"}, "data_api_url"),
    ("data-api", {"resource_name": "audit"}, "module or table name"),
    ("data-api", {"resource_name": "idempotency"}, "module or table name"),
    ("data-api", {"resource_plural": "idempotency_keys"}, "module or table name"),
    ("data-api", {"resource_plural": "audit_log"}, "module or table name"),
    ("bot", {"fsm_storage": "disk"}, "fsm_storage 'disk' is not an option"),
    ("bot", {"languages": "en,xx"}, "comma-separated"),
    ("bot", {"languages": "en,en"}, "distinct"),
    ("bot", {"resource_name": "Item"}, "snake_case"),
    ("bot", {"resource_name": "class"}, "keyword"),
]


@pytest.mark.parametrize(("template", "name"), VALID)
def test_valid_names_pass(template: str, name: str) -> None:
    assert naming_errors(name, template) == []


@pytest.mark.parametrize(("template", "answers", "words"), INVALID)
def test_invalid_answer_is_rejected_and_nothing_is_written(
    template: str,
    answers: dict[str, str],
    words: str,
    cookies: Cookies,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    result = bake_result(cookies, template, answers)
    assert isinstance(result.exception, FailedHookException)
    message = capfd.readouterr().err
    assert words in message
    assert "for example" in message or "Try service_name=" in message or "choose" in message
    (output,) = (tmp_path / "cookies").iterdir()
    assert list(output.iterdir()) == [], "a rejected answer left files behind"


@pytest.mark.parametrize(
    ("template", "name"),
    [(t, a["service_name"]) for t, a, _ in INVALID if "service_name" in a],
)
def test_suggested_name_is_valid(template: str, name: str) -> None:
    suggestion = suggest(name, template)
    assert naming_errors(suggestion, template) == [], suggestion


def test_suggestion_in_the_message_bakes(
    cookies: Cookies, bake: Bake, capfd: pytest.CaptureFixture[str]
) -> None:
    result = bake_result(cookies, "worker", {"service_name": "Finance-Scoring"})
    assert isinstance(result.exception, FailedHookException)
    found = re.search(r"Try service_name=(\w+)", capfd.readouterr().err)
    assert found is not None
    project = bake("worker", {"service_name": found.group(1)})
    assert project.name == "finance_scoring_worker"


@pytest.mark.parametrize("template", ["business-api", "data-api", "worker", "bot"])
def test_default_service_name_derives_from_project_name(template: str, bake: Bake) -> None:
    project = bake(template, {"project_name": "Healthcare Booking"})
    assert naming_errors(project.name, template) == []
    assert project.name.startswith("healthcare_booking_")


CHOICES = {
    "_choices": {"fsm_storage": ["memory", "redis"]},
    "_list_choices": {"languages": ["en", "ru", "de"]},
}


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ({"fsm_storage": "memory", "languages": "en"}, None),
        ({"fsm_storage": "redis", "languages": "ru, en"}, None),
        ({"fsm_storage": "mongo", "languages": "en"}, "choose one of memory, redis"),
        ({"fsm_storage": "redis", "languages": "en,xx"}, "distinct values from en, ru, de"),
        ({"fsm_storage": "redis", "languages": "en,en"}, "distinct values"),
        ({"fsm_storage": "redis", "languages": ""}, "comma-separated"),
    ],
)
def test_declared_choices_are_checked(answers: dict[str, str], words: str | None) -> None:
    errors = choice_errors({**CHOICES, **answers})
    if words is None:
        assert errors == []
    else:
        (error,) = errors
        assert words in error and "for example" in error
