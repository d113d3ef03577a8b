{%- set services = cookiecutter.use_redis == "yes" or cookiecutter.use_rabbitmq == "yes" -%}
{%- if services -%}
"""Real services for the integration tests, from the environment.

A test that needs a service it cannot find is skipped locally and fails in CI (``CI=true``).
The URLs are read when this module is imported, before the fixture that clears the
service's own variables for each test.
"""

import os
{%- if cookiecutter.use_redis == "yes" %}
from collections.abc import AsyncIterator
{%- endif %}

import pytest
{%- if cookiecutter.use_redis == "yes" %}
from redis.asyncio import Redis
{%- endif %}

from {{ cookiecutter.service_name }}.core.settings import Settings

SERVICE_URLS = {name: os.environ.get(name) for name in ("REDIS_URL", "RABBITMQ_URL")}


def service_url(variable: str) -> str:
    """The URL of a real service, or skip (fail in CI) with the variable to set."""
    url = SERVICE_URLS.get(variable)
    if not url:
        message = f"set {variable} to run the integration tests that need it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url
{%- else -%}
"""Fixtures of the integration tests (this configuration needs no outside service)."""

import pytest

from {{ cookiecutter.service_name }}.core.settings import Settings
{%- endif %}
{%- if cookiecutter.use_redis == "yes" %}


@pytest.fixture
def redis_url() -> str:
    return service_url("REDIS_URL")


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    """A client of the Redis from REDIS_URL; tests use keys unique to them."""
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()
{%- endif %}
{%- if cookiecutter.use_rabbitmq == "yes" %}


@pytest.fixture
def rabbitmq_url() -> str:
    return service_url("RABBITMQ_URL")
{%- endif %}


@pytest.fixture
def live_settings(
    settings: Settings,
{%- if cookiecutter.use_redis == "yes" %}
    redis_url: str,
{%- endif %}
{%- if cookiecutter.use_rabbitmq == "yes" %}
    rabbitmq_url: str,
{%- endif %}
{%- if cookiecutter.file_storage == "s3" %}
    s3_bucket: str,
{%- endif %}
) -> Settings:
    """The test settings, with every service this configuration uses taken from the environment{% if cookiecutter.file_storage == "s3" %}
    (and their S3 bucket created){% endif %}."""
{%- if not services %}
    return settings
{%- else %}
    live: dict[str, str] = {}
{%- if cookiecutter.use_redis == "yes" %}
    live["redis_url"] = redis_url
{%- endif %}
{%- if cookiecutter.use_rabbitmq == "yes" %}
    live["rabbitmq_url"] = rabbitmq_url
{%- endif %}
    return settings.model_copy(update=live)
{%- endif %}
