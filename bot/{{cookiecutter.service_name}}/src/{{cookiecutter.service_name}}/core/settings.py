"""Settings read from environment variables (and a local ``.env`` file, if there is one)."""

import re
from typing import Literal

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

from {{ cookiecutter.service_name }}.core.config import settings_error

SERVICE_NAME = "{{ cookiecutter.service_name }}"

# A token from @BotFather: the bot's numeric id, a colon and a random secret.
TOKEN_PATTERN = re.compile(r"\d+:[A-Za-z0-9_-]{30,}")

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class Settings(BaseSettings):
    """One field per environment variable: ``bot_token`` is read from ``BOT_TOKEN``."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    bot_token: SecretStr
    telegram_api_url: AnyHttpUrl = AnyHttpUrl("https://api.telegram.org")
    # Reserved for the business-api client; not used by the level-1 bot.
    business_api_url: AnyHttpUrl = AnyHttpUrl("{{ cookiecutter.business_api_url }}")
    host: str = "127.0.0.1"
    port: int = Field(default=8004, ge=1, le=65535)
    log_level: LogLevel = "INFO"
    log_json: bool = True
    shutdown_timeout_seconds: float = Field(default=10.0, gt=0)

    @field_validator("bot_token")
    @classmethod
    def _check_token(cls, token: SecretStr) -> SecretStr:
        if not TOKEN_PATTERN.fullmatch(token.get_secret_value()):
            raise PydanticCustomError(
                "bot_token", "expected '<bot id>:<secret>' as issued by @BotFather"
            )
        return token

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
