"""Error reporting to Sentry, on when ``SENTRY_DSN`` is set.

Log records at ERROR level (a message dead-lettered after its last attempt, a job that
failed) become Sentry events through the SDK's logging integration.
"""

import sentry_sdk


def init_sentry(dsn: str | None, *, environment: str) -> bool:
    """Start the SDK when a DSN is configured; ``False`` when reporting stays off."""
    if not dsn:
        return False
    # The release comes from SENTRY_RELEASE when the deployment sets it.
    sentry_sdk.init(dsn=dsn, environment=environment, send_default_pii=False)
    return True
