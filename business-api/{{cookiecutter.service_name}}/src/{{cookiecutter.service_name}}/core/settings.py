"""Service settings, read from environment variables (and a ``.env`` file if present)."""

from pydantic import Field, HttpUrl

from {{ cookiecutter.service_name }}.core.config import ServiceSettings

SERVICE_NAME = "{{ cookiecutter.service_name }}"


class Settings(ServiceSettings):
    """Configuration of one process; see ``.env.example`` for every variable."""

    data_api_url: HttpUrl = HttpUrl("{{ cookiecutter.data_api_url }}")
    data_api_connect_timeout_seconds: float = Field(default=1.0, gt=0, le=1.0)
    data_api_timeout_seconds: float = Field(default=5.0, gt=0)
