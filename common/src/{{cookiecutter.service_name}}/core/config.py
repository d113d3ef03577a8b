"""Configuration errors that name each bad environment variable."""

from pydantic import ValidationError
from pydantic_core import ErrorDetails


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
