{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
"""Business rules of the {{ res.replace('_', ' ') }} entity, enforced in the domain."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

{{ from_imports({
    pkg ~ ".domain.errors": ["BusinessRuleError", "VersionRequiredError"],
    pkg ~ ".domain." ~ res: [Res ~ "Changes", Res ~ "Query", "New" ~ Res, "require_version"],
}) }}


def test_new_{{ res }}_trims_its_name() -> None:
    assert New{{ Res }}(name="  First  ").name == "First"


@pytest.mark.parametrize(
    ("name", "description", "field"),
    [
        ("   ", None, "name"),
        ("x" * 201, None, "name"),
        ("Fir\x00st", None, "name"),
        ("First", "y" * 2001, "description"),
        ("First", "\x00", "description"),
    ],
)
def test_new_{{ res }}_rules(name: str, description: str | None, field: str) -> None:
    with pytest.raises(BusinessRuleError) as caught:
        New{{ Res }}(name=name, description=description)

    assert caught.value.errors[0]["loc"] == [field]


def test_changes_keep_only_what_is_given() -> None:
    changes = {{ Res }}Changes({"name": " Renamed ", "description": None})

    assert changes.fields == {"name": "Renamed", "description": None}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "body"),
        ({"name": None}, "name"),
        ({"colour": "red"}, "colour"),
        ({"name": ""}, "name"),
    ],
)
def test_changes_rules(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(BusinessRuleError) as caught:
        {{ Res }}Changes(fields)

    assert caught.value.errors[0]["loc"] == [field]


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"offset": 0, "cursor": "abc"}, "cursor"),
        ({"offset": -1}, "offset"),
        ({"sort": "colour"}, "sort"),
        (
            {
                "created_after": datetime(2030, 1, 2, tzinfo=UTC),
                "created_before": datetime(2030, 1, 1, tzinfo=UTC),
            },
            "created_after",
        ),
    ],
)
def test_query_rules(arguments: dict[str, Any], field: str) -> None:
    with pytest.raises(BusinessRuleError) as caught:
        {{ Res }}Query(**arguments)

    assert caught.value.errors[0]["loc"] == [field]


def test_a_query_within_the_rules_is_accepted() -> None:
    moment = datetime.now(UTC)
    query = {{ Res }}Query(
        limit=100, offset=0, created_after=moment, created_before=moment + timedelta(days=1)
    )

    assert query.sort == "id"


def test_updates_need_the_version_read() -> None:
    assert require_version(3) == 3
    with pytest.raises(VersionRequiredError):
        require_version(None)
