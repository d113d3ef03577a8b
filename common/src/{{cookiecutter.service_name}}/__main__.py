"""Run the service: ``python -m {{ cookiecutter.service_name }}``."""

import uvicorn

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import create_app


def main() -> None:
    """Serve the API with uvicorn on the configured host and port."""
    settings = Settings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()
