{%- from "python.j2" import from_import -%}
{%- set level = cookiecutter.maturity_level|int -%}
{%- set typing_names = [] -%}
{%- if level >= 2 or cookiecutter.auth != "none" %}{% set _ = typing_names.append("Literal") %}{% endif -%}
{%- if cookiecutter.auth != "none" %}{% set _ = typing_names.append("Self") %}{% endif -%}
{%- set pydantic_names = ["Field", "HttpUrl"] -%}
{%- if cookiecutter.use_redis == "yes" %}{% set _ = pydantic_names.append("RedisDsn") %}{% endif -%}
{%- if cookiecutter.use_rabbitmq == "yes" %}{% set _ = pydantic_names.append("AmqpDsn") %}{% endif -%}
{%- if level >= 3 %}{% set _ = pydantic_names.append("field_validator") %}{% endif -%}
{%- if cookiecutter.auth != "none" %}{% set _ = pydantic_names.append("model_validator") %}{% endif -%}
{%- if cookiecutter.auth == "jwt" or cookiecutter.file_storage == "s3" or level >= 2 %}{% set _ = pydantic_names.append("SecretStr") %}{% endif -%}
{%- if cookiecutter.auth == "api_key" %}{% set _ = pydantic_names.append("BaseModel") %}{% endif -%}
{%- set stdlib = [] -%}
{%- if cookiecutter.file_storage == "local" %}{% set _ = stdlib.append("from pathlib import Path") %}{% endif -%}
{%- if typing_names %}{% set _ = stdlib.append("from typing import " ~ typing_names | join(", ")) %}{% endif -%}
"""Service settings, read from environment variables (and a ``.env`` file if present)."""
{%- if stdlib %}

{{ stdlib | join("\n") }}
{%- endif %}

{% if level >= 3 -%}
from limits import parse
{% endif -%}
{{ from_import("pydantic", pydantic_names) }}

from {{ cookiecutter.service_name }}.core.config import ServiceSettings

SERVICE_NAME = "{{ cookiecutter.service_name }}"
{%- if cookiecutter.use_rabbitmq == "yes" %}
CONTEXT = SERVICE_NAME.split("_", 1)[0]
{%- endif %}
{%- if cookiecutter.auth == "jwt" %}
PLACEHOLDER_SECRET = "change-me-to-a-long-random-secret"  # nosec B105 - refused in production
{%- elif cookiecutter.auth == "api_key" %}


class ApiKeyEntry(BaseModel):
    """One accepted API key: a name for logs, the SHA-256 digest of the key, its scopes."""

    name: str = Field(min_length=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    scopes: list[str] = Field(default_factory=list)
    revoked: bool = False
{%- endif %}


class Settings(ServiceSettings):
    """Configuration of one process; see ``.env.example`` for every variable."""
{%- if level >= 2 or cookiecutter.auth != "none" %}

    environment: Literal["development", "production"] = "development"
{%- endif %}

    log_redact_fields: str = "email,phone"  # personal-data fields masked in logs

    data_api_url: HttpUrl = HttpUrl("{{ cookiecutter.data_api_url }}")
    data_api_connect_timeout_seconds: float = Field(default=1.0, gt=0, le=1.0)
    data_api_timeout_seconds: float = Field(default=5.0, gt=0)
    data_api_max_connections: int = Field(default=100, ge=1)
    data_api_attempts: int = Field(default=3, ge=1, le=3)
{%- if level >= 4 %}
    data_api_key: SecretStr | None = None  # sent as X-API-Key when the data-api checks callers
{%- endif %}
{%- if level >= 2 %}

    sentry_dsn: SecretStr | None = None
    sentry_traces_sample_rate: float = Field(default=0.0, ge=0, le=1)
{%- endif %}
{%- if level >= 4 %}

    circuit_breaker_failures: int = Field(default=5, ge=1)
    circuit_breaker_reset_timeout_seconds: float = Field(default=15.0, gt=0)
    otel_exporter_otlp_endpoint: HttpUrl | None = None
{%- endif %}
{%- if cookiecutter.use_redis == "yes" %}

    redis_url: RedisDsn = RedisDsn("redis://localhost:6379/0")
    redis_timeout_seconds: float = Field(default=1.0, gt=0)
    cache_ttl_seconds: int = Field(default=60, ge=1)
    cache_ttl_jitter_seconds: int = Field(default=10, ge=0)
{%- endif %}
{%- if cookiecutter.use_rabbitmq == "yes" %}

    rabbitmq_url: AmqpDsn = AmqpDsn("amqp://guest:guest@localhost:5672/")
    rabbitmq_exchange: str = f"{CONTEXT}.events"
    rabbitmq_timeout_seconds: float = Field(default=5.0, gt=0)
{%- endif %}
{%- if cookiecutter.websocket == "yes" %}

    websocket_heartbeat_seconds: float = Field(default=20.0, gt=0)
{%- endif %}
{%- if cookiecutter.file_storage == "local" %}

    file_storage_dir: Path = Path("var/files")
{%- elif cookiecutter.file_storage == "s3" %}

    s3_bucket: str = Field(
        default=SERVICE_NAME.replace("_", "-") + "-files",
        pattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
    )
    s3_endpoint_url: HttpUrl | None = None
    s3_region: str = "us-east-1"
    s3_access_key_id: SecretStr | None = None
    s3_secret_access_key: SecretStr | None = None
    s3_connect_timeout_seconds: float = Field(default=1.0, gt=0)
    s3_timeout_seconds: float = Field(default=30.0, gt=0)
    s3_max_connections: int = Field(default=20, ge=1)
    s3_attempts: int = Field(default=3, ge=1, le=5)
{%- endif %}
{%- if cookiecutter.file_storage != "none" %}
    file_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    file_allowed_types: frozenset[str] = frozenset(
        {"application/pdf", "image/jpeg", "image/png", "text/plain"}
    )
{%- endif %}
{%- if level >= 3 %}

    cors_origins: list[str] = Field(default_factory=list)
    rate_limit_enabled: bool = True
    rate_limit: str = "100/second"

    @field_validator("rate_limit")
    @classmethod
    def _valid_rate_limit(cls, value: str) -> str:
        try:
            parse(value)
        except ValueError as exc:
            raise ValueError("use the form <count>/<second|minute|hour|day>") from exc
        return value
{%- endif %}
{%- if cookiecutter.auth == "jwt" %}

    jwt_algorithm: Literal["HS256", "RS256"] = "HS256"
    jwt_secret: SecretStr = SecretStr(PLACEHOLDER_SECRET)
    jwt_jwks_url: HttpUrl | None = None
    jwt_issuer: str = "https://auth.example.com/"
    jwt_audience: str = SERVICE_NAME
    jwt_leeway_seconds: int = Field(default=30, ge=0)

    @model_validator(mode="after")
    def _usable_jwt_keys(self) -> Self:
        if self.jwt_algorithm == "RS256" and self.jwt_jwks_url is None:
            raise ValueError("JWT_JWKS_URL is required with JWT_ALGORITHM=RS256")
        secret = self.jwt_secret.get_secret_value()
        weak = secret == PLACEHOLDER_SECRET or len(secret) < 32
        if self.environment == "production" and self.jwt_algorithm == "HS256" and weak:
            raise ValueError("JWT_SECRET must be a secret of 32 characters or more in production")
        return self
{%- elif cookiecutter.auth == "api_key" %}

    api_keys: list[ApiKeyEntry] = Field(default_factory=list)

    @model_validator(mode="after")
    def _some_api_key_in_production(self) -> Self:
        if self.environment == "production" and not any(not k.revoked for k in self.api_keys):
            raise ValueError("API_KEYS must hold an active key in production (make token)")
        return self
{%- endif %}
