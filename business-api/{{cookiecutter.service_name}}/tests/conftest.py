{%- set s3 = cookiecutter.file_storage == "s3" -%}
"""Fixtures shared by unit and integration tests."""
{%- if s3 %}

import uuid
from collections.abc import AsyncIterator, Iterator
{%- else %}

from collections.abc import AsyncIterator
{%- endif %}

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
{%- if s3 %}
from {{ cookiecutter.service_name }}.infrastructure.s3_storage import create_s3_client
{%- endif %}

from .data_api_stub import DataApiStub
{%- if s3 %}
from .s3_server import S3Server, s3_server
{%- endif %}
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


{%- if s3 %}


@pytest.fixture(scope="session")
def s3() -> Iterator[S3Server]:
    """The S3-compatible server of the test session."""
    with s3_server() as server:
        yield server
{%- endif %}


@pytest.fixture
{%- if s3 %}
def settings(data_api: DataApiStub, s3: S3Server) -> Settings:
    """Settings pointing at the emulated data-api and at a bucket of its own on the S3
    server (not created: see ``s3_bucket``), with short timeouts."""
{%- else %}
def settings(data_api: DataApiStub) -> Settings:
    """Settings pointing at the emulated data-api, with short timeouts."""
{%- endif %}
    return Settings(
        data_api_url=data_api.url,
        data_api_connect_timeout_seconds=0.5,
        data_api_timeout_seconds=2.0,
        log_json=False,
{%- if s3 %}
        s3_endpoint_url=s3.url,
        s3_access_key_id=s3.access_key_id,
        s3_secret_access_key=s3.secret_access_key,
        s3_bucket=f"test-{uuid.uuid4().hex}",
{%- endif %}
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
{%- if s3 %}


@pytest.fixture
async def s3_bucket(settings: Settings) -> AsyncIterator[str]:
    """Creates the bucket the settings name; empties and removes it afterwards."""
    async with create_s3_client(settings) as client:
        await client.create_bucket(Bucket=settings.s3_bucket)
        yield settings.s3_bucket
        listed = await client.list_objects_v2(Bucket=settings.s3_bucket)
        for found in listed.get("Contents", []):
            await client.delete_object(Bucket=settings.s3_bucket, Key=found["Key"])
        await client.delete_bucket(Bucket=settings.s3_bucket)
{%- endif %}
