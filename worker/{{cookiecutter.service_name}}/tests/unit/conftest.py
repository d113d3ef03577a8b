"""Unit tests run the same whatever the developer's environment or .env holds."""

import pytest

from {{ cookiecutter.service_name }}.core.settings import Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir("/")  # away from a developer's .env
