"""Error reporting to Sentry, on when ``SENTRY_DSN`` is set."""

from {{ cookiecutter.service_name }}.core.settings import Settings


def init_sentry(settings: Settings) -> bool:
    """Start the Sentry SDK (FastAPI and logging integrations are automatic); whether it
    started. Imported lazily: a service without a DSN does not load it."""
    dsn = settings.sentry_dsn.get_secret_value() if settings.sentry_dsn else ""
    if not dsn:
        return False
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=settings.environment,
        release="{{ cookiecutter.service_name }}@0.1.0",
        traces_sample_rate=settings.sentry_traces_sample_rate,
        send_default_pii=False,
    )
    return True
