"""Configuration read from environment variables (see .env.example)."""

from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from {{ cookiecutter.service_name }}.core.config import settings_error

SERVICE_NAME = "{{ cookiecutter.service_name }}"
CONTEXT = SERVICE_NAME.split("_", 1)[0]

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class Settings(BaseSettings):
    """One field per environment variable; every default works against a local RabbitMQ."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8003, ge=1, le=65535)
    log_level: LogLevel = "INFO"
    log_json: bool = True

    rabbitmq_url: str = "amqp://guest:guest@localhost:5672/"
    rabbitmq_exchange: str = f"{CONTEXT}.events"
    rabbitmq_queue: str = f"q.{SERVICE_NAME}.events"
    rabbitmq_prefetch: int = Field(default=10, ge=1, le=1000)

    shutdown_timeout_seconds: float = Field(default=30.0, gt=0)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, level: object) -> object:
        return level.upper() if isinstance(level, str) else level


def load_settings() -> Settings:
    """Read the settings, or raise ``SettingsError`` naming each bad variable."""
    try:
        return Settings()
    except ValidationError as error:
        raise settings_error(error) from None
