"""Configuration read from environment variables (see .env.example)."""

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SERVICE_NAME = "{{ cookiecutter.service_name }}"
CONTEXT = SERVICE_NAME.split("_", 1)[0]


class Settings(BaseSettings):
    """Every setting has a default that works against a local RabbitMQ."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_json: bool = True

    rabbitmq_url: str = "amqp://guest:guest@localhost:5672/"
    rabbitmq_exchange: str = f"{CONTEXT}.events"
    rabbitmq_queue: str = f"q.{SERVICE_NAME}.events"
    rabbitmq_prefetch: int = Field(default=10, ge=1, le=1000)

    shutdown_timeout: float = Field(default=30.0, gt=0)

    host: str = "127.0.0.1"
    port: int = Field(default=8003, ge=1, le=65535)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
