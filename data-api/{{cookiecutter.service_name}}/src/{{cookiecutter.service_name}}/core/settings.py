"""Configuration read from environment variables (and a local ``.env`` file)."""

from pydantic import Field, field_validator

from {{ cookiecutter.service_name }}.core.config import ServiceSettings

SERVICE_NAME = "{{ cookiecutter.service_name }}"

_ASYNC_DRIVERS = {
    "postgresql://": "postgresql+asyncpg://",
    "postgres://": "postgresql+asyncpg://",
    "sqlite://": "sqlite+aiosqlite://",
}


class Settings(ServiceSettings):
    """Service settings; each field is read from the SCREAMING_SNAKE variable of its name."""

    database_url: str = f"sqlite+aiosqlite:///./{SERVICE_NAME}.sqlite3"
    ready_timeout_seconds: float = Field(default=2.0, gt=0)

    @field_validator("database_url")
    @classmethod
    def use_async_driver(cls, url: str) -> str:
        """Accept plain ``postgresql://`` and ``sqlite://`` URLs by adding the async driver."""
        for prefix, replacement in _ASYNC_DRIVERS.items():
            if url.startswith(prefix):
                return replacement + url.removeprefix(prefix)
        return url
