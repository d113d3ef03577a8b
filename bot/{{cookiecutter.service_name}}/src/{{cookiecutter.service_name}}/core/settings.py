"""Settings read from environment variables (and a local ``.env`` file, if there is one)."""

import re

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from {{ cookiecutter.service_name }}.core.config import ServiceSettings, settings_error

SERVICE_NAME = "{{ cookiecutter.service_name }}"

# A token from @BotFather: the bot's numeric id, a colon and a random secret.
TOKEN_PATTERN = re.compile(r"\d+:[A-Za-z0-9_-]{30,}")


class Settings(ServiceSettings):
    """One field per environment variable: ``bot_token`` is read from ``BOT_TOKEN``."""

    bot_token: SecretStr
    telegram_api_url: AnyHttpUrl = AnyHttpUrl("https://api.telegram.org")
    # Reserved for the business-api client; not used by the level-1 bot.
    business_api_url: AnyHttpUrl = AnyHttpUrl("{{ cookiecutter.business_api_url }}")
    shutdown_timeout_seconds: float = Field(default=10.0, gt=0)

    @field_validator("bot_token")
    @classmethod
    def _check_token(cls, token: SecretStr) -> SecretStr:
        if not TOKEN_PATTERN.fullmatch(token.get_secret_value()):
            raise PydanticCustomError(
                "bot_token", "expected '<bot id>:<secret>' as issued by @BotFather"
            )
        return token


def load_settings() -> Settings:
    """Read the settings, or raise ``SettingsError`` naming each bad variable."""
    try:
        return Settings()
    except ValidationError as error:
        raise settings_error(error) from None
