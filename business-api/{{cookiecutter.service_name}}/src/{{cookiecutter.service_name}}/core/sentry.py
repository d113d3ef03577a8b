"""Error reporting to Sentry, on when ``SENTRY_DSN`` is set (the SDK is imported only then)."""

from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings


def init_sentry(settings: Settings) -> bool:
    """Start the Sentry SDK when a DSN is configured; return whether it started."""
    if not settings.sentry_dsn:
        return False
    import sentry_sdk  # heavy: imported only when a DSN is set

    sentry_sdk.init(
        dsn=settings.sentry_dsn,
        environment=settings.environment,
        release=f"{SERVICE_NAME}@0.1.0",
        traces_sample_rate=settings.sentry_traces_sample_rate,
        send_default_pii=False,
    )
    return True
