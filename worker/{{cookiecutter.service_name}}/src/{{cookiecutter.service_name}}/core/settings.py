"""Configuration read from environment variables (see .env.example)."""

from pydantic import Field, ValidationError

from {{ cookiecutter.service_name }}.core.config import ServiceSettings, settings_error

SERVICE_NAME = "{{ cookiecutter.service_name }}"
CONTEXT = SERVICE_NAME.split("_", 1)[0]


class Settings(ServiceSettings):
    """One field per environment variable; every default works against a local RabbitMQ."""

    rabbitmq_url: str = "amqp://guest:guest@localhost:5672/"
    rabbitmq_exchange: str = f"{CONTEXT}.events"
    rabbitmq_queue: str = f"q.{SERVICE_NAME}.events"
    rabbitmq_prefetch: int = Field(default=10, ge=1, le=1000)

    shutdown_timeout_seconds: float = Field(default=30.0, gt=0)


def load_settings() -> Settings:
    """Read the settings, or raise ``SettingsError`` naming each bad variable."""
    try:
        return Settings()
    except ValidationError as error:
        raise settings_error(error) from None
