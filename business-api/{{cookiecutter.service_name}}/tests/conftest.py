"""Fixtures shared by unit and integration tests."""

from collections.abc import AsyncIterator

import pytest

{% if cookiecutter.auth != "none" -%}
from {{ cookiecutter.service_name }}.api.auth import READ_SCOPE, WRITE_SCOPE
{% endif -%}
from {{ cookiecutter.service_name }}.core.settings import {% if cookiecutter.auth == "api_key" %}ApiKeyEntry, {% endif %}Settings
{%- if cookiecutter.auth == "jwt" %}
from {{ cookiecutter.service_name }}.infrastructure.jwt_tokens import mint_token
{%- elif cookiecutter.auth == "api_key" %}
from {{ cookiecutter.service_name }}.infrastructure.api_keys import digest
{%- endif %}

from .data_api_stub import DataApiStub
{%- if cookiecutter.auth != "none" %}

ALL_SCOPES = [READ_SCOPE, WRITE_SCOPE]
{%- endif %}
{%- if cookiecutter.auth == "api_key" %}
TEST_API_KEY = "test-key-with-every-scope"
{%- endif %}


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
        data_api_timeout_seconds=2.0,
        log_json=False,
{%- if cookiecutter.auth == "api_key" %}
        api_keys=[ApiKeyEntry(name="tests", sha256=digest(TEST_API_KEY), scopes=ALL_SCOPES)],
{%- endif %}
    )


@pytest.fixture
def auth_headers(settings: Settings) -> dict[str, str]:
    """Headers with a credential allowed to do everything{% if cookiecutter.auth == "none" %} (none: auth is off){% endif %}."""
{%- if cookiecutter.auth == "jwt" %}
    return {"Authorization": f"Bearer {mint_token(settings, 'tests', ALL_SCOPES)}"}
{%- elif cookiecutter.auth == "api_key" %}
    return {"X-API-Key": TEST_API_KEY}
{%- else %}
    return {}
{%- endif %}
