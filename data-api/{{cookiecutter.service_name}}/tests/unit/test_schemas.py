from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from {{ cookiecutter.service_name }}.api.v1.schemas import (
    {{ cookiecutter.__resource_class }}In,
    {{ cookiecutter.__resource_class }}Out,
)
from {{ cookiecutter.service_name }}.domain.{{ cookiecutter.resource_name }} import {{ cookiecutter.__resource_class }}


def test_description_is_optional() -> None:
    assert {{ cookiecutter.__resource_class }}In(name="x").description is None


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": "x" * 201},
        {"name": 42},
        {"name": "nul\x00byte"},
        {"name": "x", "description": "x" * 2001},
    ],
)
def test_rejects_invalid_input(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        {{ cookiecutter.__resource_class }}In.model_validate(body)


def test_output_serializes_an_entity() -> None:
    created_at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    entity = {{ cookiecutter.__resource_class }}(id=7, name="n", description=None, created_at=created_at)

    assert {{ cookiecutter.__resource_class }}Out.model_validate(entity).model_dump(mode="json") == {
        "id": 7,
        "name": "n",
        "description": None,
        "created_at": "2026-01-02T03:04:05Z",
    }
