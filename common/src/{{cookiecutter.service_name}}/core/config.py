"""Settings every service shares, and configuration errors that name each bad variable."""

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
# Compose and Kubernetes secrets: a file named after a variable (either case) holds its value
# when the environment does not set it.
SECRETS_DIR = Path("/run/secrets")


class ServiceSettings(BaseSettings):
    """Read from environment variables, a local ``.env`` file and secret files, in this order
    of precedence; a service's ``Settings`` adds its own fields."""

    model_config = SettingsConfigDict(
        env_file=".env",
        extra="ignore",
        secrets_dir=SECRETS_DIR if SECRETS_DIR.is_dir() else None,
    )

    host: str = "127.0.0.1"
    port: int = Field(default={{ {"business-api": 8000, "data-api": 8001, "worker": 8003, "bot": 8004}[cookiecutter._service_type] }}, ge=1, le=65535)
    log_level: LogLevel = "INFO"
    log_json: bool = True
{%- if cookiecutter._service_type in ["business-api", "data-api"] %}
    # Seconds SIGTERM waits for requests in flight before the process exits.
    shutdown_timeout_seconds: int = Field(default=25, ge=1)
{%- endif %}

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, level: object) -> object:
        return level.upper() if isinstance(level, str) else level


class SettingsError(Exception):
    """The environment does not hold a usable configuration."""


def settings_error(error: ValidationError) -> SettingsError:
    """Turn a failed settings validation into one line per bad variable."""
    return SettingsError("\n".join(_describe(detail) for detail in error.errors()))


def _describe(error: ErrorDetails) -> str:
    variable = "_".join(str(part) for part in error["loc"]).upper()
    if error["type"] == "missing":
        return f"{variable} is not set"
    return f"{variable}: {error['msg']}"
