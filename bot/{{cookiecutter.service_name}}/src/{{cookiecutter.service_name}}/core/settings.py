"""Settings read from environment variables (and a local ``.env`` file, if there is one)."""

import re
from typing import Literal

from pydantic import AnyHttpUrl, SecretStr, ValidationError, field_validator
from pydantic_core import ErrorDetails, PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

# A token from @BotFather: the bot's numeric id, a colon and a random secret.
TOKEN_PATTERN = re.compile(r"\d+:[A-Za-z0-9_-]{30,}")

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class SettingsError(Exception):
    """The environment does not hold a usable configuration."""


class Settings(BaseSettings):
    """One field per environment variable: ``bot_token`` is read from ``BOT_TOKEN``."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    bot_token: SecretStr
    telegram_api_url: AnyHttpUrl = AnyHttpUrl("https://api.telegram.org")
    business_api_url: AnyHttpUrl = AnyHttpUrl("{{ cookiecutter.business_api_url }}")
    host: str = "127.0.0.1"
    port: int = 8004
    log_level: LogLevel = "INFO"
    log_json: bool = True

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
        raise SettingsError("\n".join(_describe(e) for e in error.errors())) from None


def _describe(error: ErrorDetails) -> str:
    variable = "_".join(str(part) for part in error["loc"]).upper()
    if error["type"] == "missing":
        return f"{variable} is not set"
    return f"{variable}: {error['msg']}"
