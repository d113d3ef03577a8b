"""``python -m {{ cookiecutter.service_name }}``: serve the API with uvicorn."""

import uvicorn

from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import create_app


def main() -> None:
    """Read the settings from the environment and serve until interrupted."""
    settings = Settings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()
