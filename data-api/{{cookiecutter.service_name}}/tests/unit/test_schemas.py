{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

{{ from_imports({pkg ~ ".api.v1." ~ res ~ "_schemas": [Res ~ "Create", Res ~ "Out", Res ~ "Update"]}) }}
{{ from_imports({pkg ~ ".domain." ~ res: [Res, Res ~ "Changes", Res ~ "Draft"]}) }}


def test_description_is_optional() -> None:
    assert {{ Res }}Create(name="x").description is None


def test_text_is_stripped_into_a_draft() -> None:
    body = {{ Res }}Create(name="  first ", description=" about it ")

    assert body.to_domain() == {{ Res }}Draft(name="first", description="about it")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": " \t "},
        {"name": "x" * 201},
        {"name": "x", "unknown": 1},
        {"name": 42},
        {"name": "nul\x00byte"},
        {"name": "x", "description": "x" * 2001},
    ],
)
def test_rejects_invalid_input(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        {{ Res }}Create.model_validate(body)


def test_an_update_changes_only_the_given_fields() -> None:
    body = {{ Res }}Update.model_validate({"description": None})

    assert body.to_domain() == {{ Res }}Changes({"description": None})


@pytest.mark.parametrize("body", [{}, {"name": None}, {"name": ""}, {"id": 3}])
def test_rejects_invalid_updates(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        {{ Res }}Update.model_validate(body)


def test_output_serializes_an_entity() -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    entity = {{ Res }}(
        id=7,
        name="n",
        description=None,
        version=2,
        created_at=moment,
        updated_at=moment,
    )

    assert {{ Res }}Out.model_validate(entity).model_dump(mode="json") == {
        "id": 7,
        "name": "n",
        "description": None,
        "version": 2,
        "created_at": "2026-01-02T03:04:05Z",
        "updated_at": "2026-01-02T03:04:05Z",
    }
