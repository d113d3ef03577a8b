{%- from "python.j2" import from_imports -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace('_', '') -%}
"""The {{ res.replace('_', ' ') }} entity and its business rules."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

{{ from_imports({cookiecutter.service_name ~ ".domain.errors": ["BusinessRuleError", "VersionRequiredError"]}) }}

MAX_ID = 2**63 - 1  # ids are PostgreSQL BIGINTs in the data-api
NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 2000
PAGE_MAX_LIMIT = 100
BULK_MAX_ITEMS = 100
SORTS = ("id", "-id", "name", "-name", "created_at", "-created_at")


def clean_name(name: str) -> str:
    """A name is trimmed, 1 to ``NAME_MAX_LENGTH`` characters, without NUL characters."""
    cleaned = name.strip()
    if not cleaned:
        raise BusinessRuleError("name", "must not be blank")
    if len(cleaned) > NAME_MAX_LENGTH:
        raise BusinessRuleError("name", f"must be at most {NAME_MAX_LENGTH} characters")
    if "\x00" in cleaned:
        raise BusinessRuleError("name", "must not contain NUL characters")
    return cleaned


def clean_description(description: str | None) -> str | None:
    """A description is optional, at most ``DESCRIPTION_MAX_LENGTH`` characters, without NUL."""
    if description is None:
        return None
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise BusinessRuleError(
            "description", f"must be at most {DESCRIPTION_MAX_LENGTH} characters"
        )
    if "\x00" in description:
        raise BusinessRuleError("description", "must not contain NUL characters")
    return description


@dataclass(frozen=True, slots=True)
class New{{ Res }}:
    """Not stored yet: the fields a client provides to create one."""

    name: str
    description: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_name(self.name))
        object.__setattr__(self, "description", clean_description(self.description))


@dataclass(frozen=True, slots=True)
class {{ Res }}Changes:
    """A partial update: only the fields present in ``fields`` change (at least one)."""

    fields: Mapping[str, str | None]

    def __post_init__(self) -> None:
        unknown = sorted(set(self.fields) - {"name", "description"})
        if unknown:
            raise BusinessRuleError(unknown[0], "is not a field that can change")
        if not self.fields:
            raise BusinessRuleError("body", "must change at least one field")
        cleaned: dict[str, str | None] = {}
        if "name" in self.fields:
            name = self.fields["name"]
            if name is None:
                raise BusinessRuleError("name", "must not be null")
            cleaned["name"] = clean_name(name)
        if "description" in self.fields:
            cleaned["description"] = clean_description(self.fields["description"])
        object.__setattr__(self, "fields", cleaned)


@dataclass(frozen=True, slots=True)
class {{ Res }}:
    """One stored {{ res.replace('_', ' ') }}; ``version`` grows by one on every update."""

    id: int
    name: str
    description: str | None
    version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class {{ Res }}Query:
    """Which page to list: by ``offset`` or by an opaque ``cursor``, never both."""

    limit: int = 50
    offset: int | None = None
    cursor: str | None = None
    sort: str = "id"
    name: str | None = None
    name_contains: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= PAGE_MAX_LIMIT:
            raise BusinessRuleError("limit", f"must be 1 to {PAGE_MAX_LIMIT}")
        if self.offset is not None and self.cursor is not None:
            raise BusinessRuleError("cursor", "cannot be combined with offset")
        if self.offset is not None and self.offset < 0:
            raise BusinessRuleError("offset", "must not be negative")
        if self.sort not in SORTS:
            raise BusinessRuleError("sort", f"must be one of {', '.join(SORTS)}")
        if self.created_after and self.created_before and self.created_after > self.created_before:
            raise BusinessRuleError("created_after", "must not be later than created_before")


@dataclass(frozen=True, slots=True)
class {{ Res }}Page:
    """One page of a list; ``next_cursor`` fetches the next one (``None`` on the last)."""

    items: list[{{ Res }}]
    limit: int
    total: int | None = None
    offset: int | None = None
    next_cursor: str | None = None


def require_version(expected_version: int | None) -> int:
    """Updates are optimistic: the client must say which version it read."""
    if expected_version is None:
        raise VersionRequiredError
    return expected_version
