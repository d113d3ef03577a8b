"""Pre-generation checks of the answers: each problem names the rule and a valid value."""

import keyword
import re
from collections.abc import Mapping
from typing import Any

from hooks.naming import naming_errors, suggest

PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
MATURITY_LEVELS = ("1", "2", "3", "4")
CI_PROVIDERS = ("github", "gitlab", "none")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_IDENTIFIER = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
_ROUTING_KEY = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
# Modules beside the resource's own module in the generated domain layer.
# Module and table names of the generated services themselves.
RESERVED_RESOURCE_NAMES = frozenset(
    {"errors", "ports", "audit", "idempotency", "idempotency_keys", "audit_log", "alembic_version"}
)
# Longer names push generated signatures and imports past the line length.
MAX_RESOURCE_LENGTH = {"resource_name": 20, "resource_plural": 24}
# Free text lands in Python, TOML and YAML strings of the generated service.
_UNSAFE_TEXT = re.compile(r'["\\\n\r]')
_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?(/\S*)?")


def answer_errors(answers: Mapping[str, Any], template: str) -> list[str]:
    """Return one message per invalid answer, each naming the rule and a fix."""
    errors = []
    name = str(answers["service_name"])
    broken = naming_errors(name, template)
    if broken:
        rules = "; ".join(broken)
        errors.append(
            f"service_name '{name}' breaks the naming rules: {rules}. "
            f"Try service_name={suggest(name, template)}"
        )
    if str(answers["python_version"]) not in PYTHON_VERSIONS:
        errors.append(
            f"python_version '{answers['python_version']}' is not supported: "
            f"choose one of {', '.join(PYTHON_VERSIONS)} (for example python_version=3.12)"
        )
    if not _EMAIL.fullmatch(str(answers["author_email"])):
        errors.append(
            f"author_email '{answers['author_email']}' is not an e-mail address: "
            "use name@domain.tld (for example author_email=platform@example.com)"
        )
    if str(answers["maturity_level"]) not in MATURITY_LEVELS:
        errors.append(
            f"maturity_level '{answers['maturity_level']}' is not a level: choose 1, 2, 3 or 4"
        )
    if str(answers["ci_provider"]) not in CI_PROVIDERS:
        errors.append(
            f"ci_provider '{answers['ci_provider']}' is unknown: choose github, gitlab or none"
        )
    if not str(answers["project_name"]).strip():
        errors.append("project_name is empty: give the project a human-readable name")
    for key in ("project_name", "description", "author_name"):
        value = str(answers[key])
        if _UNSAFE_TEXT.search(value):
            fixed = " ".join(_UNSAFE_TEXT.sub(" ", value).split())
            errors.append(
                f"{key} contains a double quote, a backslash or a line break, which would "
                f'end up inside generated strings: leave them out (for example {key}="{fixed}")'
            )
    for key, limit in MAX_RESOURCE_LENGTH.items():
        if key not in answers:
            continue
        value = str(answers[key])
        if not _IDENTIFIER.fullmatch(value):
            fixed = re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_") or "item"
            errors.append(
                f"{key} '{value}' must be snake_case starting with a letter "
                f"(for example {key}={fixed if _IDENTIFIER.fullmatch(fixed) else 'item'})"
            )
        elif keyword.iskeyword(value) or value in RESERVED_RESOURCE_NAMES:
            errors.append(
                f"{key} '{value}' is a Python keyword or a module or table name of the generated "
                f"service: choose another name (for example {key}={value}_record)"
            )
        elif len(value) > limit:
            errors.append(
                f"{key} '{value}' is longer than {limit} characters: use a shorter name "
                f"(for example {key}={value[:limit].rstrip('_')})"
            )
    if "event_name" in answers and not _ROUTING_KEY.fullmatch(str(answers["event_name"])):
        errors.append(
            f"event_name '{answers['event_name']}' must be a routing key <domain>.<event> "
            "(for example event_name=loan.created)"
        )
    for key in ("data_api_url", "business_api_url"):
        if key in answers and not _URL.fullmatch(str(answers[key])):
            errors.append(
                f"{key} '{answers[key]}' must be an http(s) URL "
                "(for example http://finance-lending-api:8000)"
            )
    errors.extend(choice_errors(answers))
    return errors


def choice_errors(answers: Mapping[str, Any]) -> list[str]:
    """Check the options a template declares in ``_choices`` (one value) and ``_list_choices``
    (a comma-separated list, e.g. ``languages``); used where a default depends on the level.
    """
    errors = []
    for key, allowed in answers.get("_choices", {}).items():
        if str(answers[key]) not in allowed:
            errors.append(
                f"{key} '{answers[key]}' is not an option: choose one of {', '.join(allowed)} "
                f"(for example {key}={allowed[0]})"
            )
    for key, allowed in answers.get("_list_choices", {}).items():
        items = [item.strip() for item in str(answers[key]).split(",")]
        unknown = [item for item in items if item not in allowed]
        if unknown or len(set(items)) != len(items):
            errors.append(
                f"{key} '{answers[key]}' must be a comma-separated list of distinct values "
                f"from {', '.join(allowed)} (for example {key}={','.join(allowed[:2])})"
            )
    return errors
