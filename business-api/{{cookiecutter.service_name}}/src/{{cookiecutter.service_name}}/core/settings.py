"""Service settings, read from environment variables (and a ``.env`` file if present)."""

from typing import Any, Literal

from pydantic import Field, HttpUrl, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SERVICE_NAME = "{{ cookiecutter.service_name }}"


class Settings(BaseSettings):
    """Configuration of one process; see ``.env.example`` for every variable."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_json: bool = True

    data_api_url: HttpUrl = HttpUrl("{{ cookiecutter.data_api_url }}")
    data_api_connect_timeout_seconds: float = Field(default=1.0, gt=0, le=1.0)
    data_api_timeout_seconds: float = Field(default=5.0, gt=0)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_case_level(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value
