"""Configuration read from environment variables (see .env.example)."""

from typing import Literal

from pydantic import AnyHttpUrl, Field{% if cookiecutter.maturity_level|int >= 2 %}, SecretStr{% endif %}, ValidationError, ValidationInfo, field_validator

from {{ cookiecutter.service_name }}.core.config import ServiceSettings, settings_error

SERVICE_NAME = "{{ cookiecutter.service_name }}"
CONTEXT = SERVICE_NAME.split("_", 1)[0]
# Credentials that only a local broker accepts; refused when ENVIRONMENT=production.
PLACEHOLDER_CREDENTIALS = "guest:guest@"


class Settings(ServiceSettings):
    """One field per environment variable; every default works against local services."""

    environment: Literal["development", "production"] = "development"
    log_redact_fields: str = "email,phone"  # personal-data fields masked in logs

    rabbitmq_url: str = "amqp://guest:guest@localhost:5672/"
    rabbitmq_exchange: str = f"{CONTEXT}.events"
    rabbitmq_queue: str = f"q.{SERVICE_NAME}.events"
    rabbitmq_prefetch: int = Field(default=10, ge=1, le=1000)
    rabbitmq_delivery_limit: int = Field(default=10, ge=1)
    retry_delays_seconds: tuple[float, ...] = Field(default=(1.0, 10.0, 60.0), min_length=1)

    data_api_url: AnyHttpUrl = AnyHttpUrl("{{ cookiecutter.data_api_url }}")
    data_api_resource: str = Field(default="items", pattern=r"^[a-z][a-z0-9_-]*$")
    data_api_timeout_seconds: float = Field(default=5.0, gt=0)
    data_api_connect_timeout_seconds: float = Field(default=1.0, gt=0)
{%- if cookiecutter.maturity_level|int >= 4 %}
    data_api_breaker_threshold: int = Field(default=5, ge=1)
    data_api_breaker_reset_seconds: float = Field(default=30.0, gt=0)
{%- endif %}
{%- if cookiecutter.use_redis == "yes" %}

    redis_url: str = "redis://localhost:6379/0"
    idempotency_ttl_seconds: int = Field(default=7 * 24 * 3600, ge=60)
    idempotency_claim_ttl_seconds: int = Field(default=60, ge=1)
{%- endif %}
{%- if cookiecutter.scheduled_jobs == "yes" %}

    job_interval_seconds: float = Field(default=60.0, gt=0)
    job_jitter_seconds: float = Field(default=5.0, ge=0)
{%- endif %}
{%- if cookiecutter.maturity_level|int >= 2 %}

    sentry_dsn: SecretStr | None = None
{%- endif %}
{%- if cookiecutter.maturity_level|int >= 4 %}
    otel_exporter_otlp_endpoint: AnyHttpUrl | None = None
{%- endif %}

    shutdown_timeout_seconds: float = Field(default=30.0, gt=0)

    @field_validator("rabbitmq_url")
    @classmethod
    def _no_placeholder_in_production(cls, url: str, info: ValidationInfo) -> str:
        if info.data.get("environment") == "production" and PLACEHOLDER_CREDENTIALS in url:
            raise ValueError("the placeholder guest credentials are refused in production")
        return url


def load_settings() -> Settings:
    """Read the settings, or raise ``SettingsError`` naming each bad variable."""
    try:
        return Settings()
    except ValidationError as error:
        raise settings_error(error) from None
