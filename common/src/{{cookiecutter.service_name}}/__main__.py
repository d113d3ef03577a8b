"""Run the service: ``python -m {{ cookiecutter.service_name }}``."""

import signal
import sys

import uvicorn
from pydantic import ValidationError

from {{ cookiecutter.service_name }}.core.config import settings_error
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.main import create_app


def main() -> None:
    """Serve the API with uvicorn on the configured host and port."""
    try:
        settings = Settings()
    except ValidationError as error:
        message = settings_error(error)
        sys.exit(f"Invalid configuration, {__package__} was not started:\n{message}")
    # uvicorn re-raises the SIGTERM it handled once its graceful shutdown is over; with a
    # no-op handler underneath, a completed shutdown exits 0.
    signal.signal(signal.SIGTERM, lambda *_: None)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        timeout_graceful_shutdown=settings.shutdown_timeout_seconds,
    )


if __name__ == "__main__":
    main()
