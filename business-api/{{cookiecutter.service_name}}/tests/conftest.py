"""Fixtures shared by unit and integration tests."""

from collections.abc import AsyncIterator

import pytest

from {{ cookiecutter.service_name }}.core.settings import Settings

from .data_api_stub import DataApiStub


@pytest.fixture
async def data_api() -> AsyncIterator[DataApiStub]:
    """The emulated data-api, served over real HTTP on a free loopback port."""
    stub = DataApiStub()
    async with stub.running():
        yield stub


@pytest.fixture
def settings(data_api: DataApiStub) -> Settings:
    """Settings pointing at the emulated data-api, with short timeouts; no ``.env`` file."""
    return Settings(
        _env_file=None,
        data_api_url=data_api.url,
        data_api_connect_timeout=0.5,
        data_api_timeout=0.5,
        log_json=False,
    )
