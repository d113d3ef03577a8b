"""Fixtures shared by unit and integration tests."""

from collections.abc import AsyncIterator

import pytest

from {{ cookiecutter.service_name }}.core.settings import Settings

from .data_api_stub import DataApiStub


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No setting comes from the developer's environment or ``.env`` file."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setitem(Settings.model_config, "env_file", None)


@pytest.fixture
async def data_api() -> AsyncIterator[DataApiStub]:
    """The emulated data-api, served over real HTTP on a free loopback port."""
    stub = DataApiStub()
    async with stub.running():
        yield stub


@pytest.fixture
def settings(data_api: DataApiStub) -> Settings:
    """Settings pointing at the emulated data-api, with short timeouts."""
    return Settings(
        data_api_url=data_api.url,
        data_api_connect_timeout_seconds=0.5,
        data_api_timeout_seconds=0.5,
        log_json=False,
    )
