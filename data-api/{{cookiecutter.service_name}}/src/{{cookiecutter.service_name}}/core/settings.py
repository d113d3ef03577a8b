{%- set level = cookiecutter.maturity_level | int -%}
"""Configuration read from environment variables (and a local ``.env`` file)."""

{% if level >= 3 -%}
from typing import Annotated{% if level >= 4 %}, Self{% endif %}

{% endif -%}
from pydantic import Field, {% if level >= 2 %}SecretStr, {% endif %}field_validator{% if level >= 4 %}, model_validator{% endif %}
{%- if level >= 3 %}
from pydantic_settings import NoDecode
{%- endif %}

from {{ cookiecutter.service_name }}.core.config import ServiceSettings

SERVICE_NAME = "{{ cookiecutter.service_name }}"
{%- if level >= 4 %}
MIN_SECRET_LENGTH = 32
{%- endif %}

_ASYNC_DRIVERS = {
    "postgresql://": "postgresql+asyncpg://",
    "postgres://": "postgresql+asyncpg://",
    "sqlite://": "sqlite+aiosqlite://",
}


class Settings(ServiceSettings):
    """Service settings; each field is read from the SCREAMING_SNAKE variable of its name."""

    database_url: str = f"sqlite+aiosqlite:///./{SERVICE_NAME}.sqlite3"
    database_pool_min_size: int = Field(default=2, ge=0)
    database_pool_max_size: int = Field(default=10, ge=1)
    database_pool_timeout_seconds: float = Field(default=5.0, gt=0)
    database_connect_timeout_seconds: float = Field(default=2.0, gt=0)
    database_statement_timeout_seconds: float = Field(default=5.0, gt=0)
    ready_timeout_seconds: float = Field(default=2.0, gt=0)
    # Larger request bodies get a 413; the default leaves room for a bulk create of 100.
    max_request_body_bytes: int = Field(default=1_048_576, ge=1024)
    idempotency_key_ttl_seconds: float = Field(default=86400.0, ge=86400)
    log_redact_fields: str = "email,phone"  # personal-data fields masked in logs
{%- if level >= 2 %}
    environment: str = "development"
    sentry_dsn: SecretStr | None = None
    sentry_traces_sample_rate: float = Field(default=0.0, ge=0, le=1)
{%- endif %}
{%- if level >= 3 %}
    # Origins allowed to call from a browser (comma-separated); empty: no CORS headers.
    cors_allow_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
{%- endif %}
{%- if level >= 4 %}
    # Reads by id and lists go to this read replica of DATABASE_URL when set.
    database_replica_url: str | None = None
    # Callers authenticate with one of API_KEYS (name:key pairs, comma-separated) or with a
    # JWT verified with JWT_KEY; with neither set, the API is open (refused in production).
    api_keys: Annotated[dict[str, SecretStr], NoDecode] = Field(default_factory=dict)
    jwt_key: SecretStr | None = None
    jwt_algorithm: str = "HS256"
    jwt_audience: str | None = None
    jwt_issuer: str | None = None
    otel_exporter_otlp_endpoint: str | None = None
{%- endif %}

    @field_validator("database_url")
    @classmethod
    def use_async_driver(cls, url: str) -> str:
        """Accept plain ``postgresql://`` and ``sqlite://`` URLs by adding the async driver."""
        return with_async_driver(url)
{%- if level >= 4 %}

    @field_validator("database_replica_url")
    @classmethod
    def replica_uses_async_driver(cls, url: str | None) -> str | None:
        return with_async_driver(url) if url else None
{%- endif %}
{%- if level >= 3 %}

    @field_validator("cors_allow_origins", mode="before")
    @classmethod
    def split_origins(cls, origins: object) -> object:
        if isinstance(origins, str):
            return [origin.strip() for origin in origins.split(",") if origin.strip()]
        return origins
{%- endif %}
{%- if level >= 4 %}

    @field_validator("api_keys", mode="before")
    @classmethod
    def parse_api_keys(cls, pairs: object) -> object:
        if not isinstance(pairs, str):
            return pairs
        keys = {}
        for number, pair in enumerate(filter(None, map(str.strip, pairs.split(","))), 1):
            name, colon, key = pair.partition(":")
            keys[name if colon else f"key-{number}"] = key if colon else name
        return keys

    @model_validator(mode="after")
    def refuse_weak_secrets_in_production(self) -> Self:
        if self.environment != "production":
            return self
        if not self.api_keys and self.jwt_key is None:
            raise ValueError("set API_KEYS or JWT_KEY: in production, callers must authenticate")
        secrets = [*self.api_keys.values()]
        if self.jwt_key is not None and self.jwt_algorithm.startswith("HS"):
            secrets.append(self.jwt_key)
        if any(len(secret.get_secret_value()) < MIN_SECRET_LENGTH for secret in secrets):
            raise ValueError(
                f"API_KEYS and JWT_KEY need at least {MIN_SECRET_LENGTH} characters in production"
            )
        return self
{%- endif %}


def with_async_driver(url: str) -> str:
    for prefix, replacement in _ASYNC_DRIVERS.items():
        if url.startswith(prefix):
            return replacement + url.removeprefix(prefix)
    return url
