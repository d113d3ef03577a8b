"""``python -m {{ cookiecutter.service_name }}``: run the bot."""

import asyncio
import logging
import sys

from {{ cookiecutter.service_name }}.app import run
from {{ cookiecutter.service_name }}.core.config import SettingsError
from {{ cookiecutter.service_name }}.core.logging import configure_logging
{%- if cookiecutter.maturity_level | int >= 2 %}
from {{ cookiecutter.service_name }}.core.sentry import init_sentry
{%- endif %}
from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, load_settings
{%- if cookiecutter.maturity_level | int >= 4 %}
from {{ cookiecutter.service_name }}.core.tracing import init_tracing
{%- endif %}


def main() -> None:
    try:
        settings = load_settings()
        configure_logging(
            SERVICE_NAME, settings.log_level, settings.log_json, settings.log_redact_fields
        )
        # update.handled replaces aiogram's own line per update.
        logging.getLogger("aiogram.event").setLevel(logging.WARNING)
        {%- if cookiecutter.maturity_level | int >= 2 %}
        init_sentry(settings)
        {%- endif %}
        {%- if cookiecutter.maturity_level | int >= 4 %}
        init_tracing(settings)
        {%- endif %}
        asyncio.run(run(settings))
    except SettingsError as error:
        sys.exit(f"Invalid configuration, the bot was not started:\n{error}")


if __name__ == "__main__":
    main()
