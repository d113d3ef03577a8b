"""Error reporting to Sentry, on when ``SENTRY_DSN`` is set."""

import sentry_sdk

from {{ cookiecutter.service_name }}.core.settings import Settings


def init_sentry(settings: Settings) -> bool:
    """Start reporting errors if a DSN is configured; return whether it did."""
    if settings.sentry_dsn is None:
        return False
    sentry_sdk.init(dsn=settings.sentry_dsn.get_secret_value(), send_default_pii=False)
    return True
