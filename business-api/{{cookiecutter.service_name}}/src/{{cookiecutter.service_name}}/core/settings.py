"""Service settings, read from environment variables (and a ``.env`` file if present)."""

from typing import Literal

from pydantic import Field, HttpUrl
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Configuration of one process; see ``.env.example`` for every variable."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    service_name: str = "{{ cookiecutter.service_name }}"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = True

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    data_api_url: HttpUrl = HttpUrl("{{ cookiecutter.data_api_url }}")
    data_api_connect_timeout: float = Field(default=1.0, gt=0, le=1.0)
    data_api_timeout: float = Field(default=5.0, gt=0)
