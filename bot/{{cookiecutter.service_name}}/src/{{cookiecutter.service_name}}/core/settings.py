"""Settings read from environment variables (and a local ``.env`` file, if there is one)."""

import re
{%- if cookiecutter.maturity_level | int >= 2 %}
from typing import Literal
{%- endif %}

from pydantic import (
    AnyHttpUrl,
    Field,
    {%- if cookiecutter.__use_redis == "yes" %}
    RedisDsn,
    {%- endif %}
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError

from {{ cookiecutter.service_name }}.core.config import ServiceSettings, settings_error

SERVICE_NAME = "{{ cookiecutter.service_name }}"

# A token from @BotFather: the bot's numeric id, a colon and a random secret.
TOKEN_PATTERN = re.compile(r"\d+:[A-Za-z0-9_-]{30,}")
{%- if cookiecutter.update_mode == "webhook" %}
# Telegram accepts 1 to 256 of these characters; fewer than 32 would be guessable.
WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,256}")
{%- endif %}


class Settings(ServiceSettings):
    """One field per environment variable: ``bot_token`` is read from ``BOT_TOKEN``."""

    bot_token: SecretStr
    {%- if cookiecutter.maturity_level | int >= 2 %}
    environment: Literal["development", "production"] = "development"
    {%- endif %}
    log_redact_fields: str = "email,phone"  # personal-data fields masked in logs
    telegram_api_url: AnyHttpUrl = AnyHttpUrl("https://api.telegram.org")
    business_api_url: AnyHttpUrl = AnyHttpUrl("{{ cookiecutter.business_api_url }}")
    business_api_timeout_seconds: float = Field(default=5.0, gt=0)
    shutdown_timeout_seconds: float = Field(default=10.0, gt=0)
    throttle_limit: int = Field(default=20, ge=1)
    throttle_window_seconds: float = Field(default=10.0, gt=0)
    {%- if cookiecutter.__use_redis == "yes" %}
    redis_url: RedisDsn = RedisDsn("redis://localhost:6379/0")
    {%- endif %}
    {%- if cookiecutter.update_mode == "webhook" %}
    webhook_base_url: AnyHttpUrl
    webhook_secret: SecretStr
    {%- endif %}
    {%- if cookiecutter.maturity_level | int >= 2 %}
    sentry_dsn: SecretStr | None = None
    {%- endif %}
    {%- if cookiecutter.maturity_level | int >= 4 %}
    otel_exporter_otlp_endpoint: AnyHttpUrl | None = None
    {%- endif %}

    @field_validator("bot_token")
    @classmethod
    def _check_token(cls, token: SecretStr) -> SecretStr:
        if not TOKEN_PATTERN.fullmatch(token.get_secret_value()):
            raise PydanticCustomError(
                "bot_token", "expected '<bot id>:<secret>' as issued by @BotFather"
            )
        return token
    {%- if cookiecutter.update_mode == "webhook" %}

    @field_validator("webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, secret: SecretStr) -> SecretStr:
        if not WEBHOOK_SECRET_PATTERN.fullmatch(secret.get_secret_value()):
            raise PydanticCustomError(
                "webhook_secret", "expected 32 to 256 characters from A-Z, a-z, 0-9, _ and -"
            )
        return secret
    {%- endif %}


def load_settings() -> Settings:
    """Read the settings, or raise ``SettingsError`` naming each bad variable."""
    try:
        return Settings()
    except ValidationError as error:
        raise settings_error(error) from None
