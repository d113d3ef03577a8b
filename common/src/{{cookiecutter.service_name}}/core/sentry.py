"""Error reporting to Sentry, on when ``SENTRY_DSN`` is set (the SDK is imported only then).

Events leave without personal data. The SDK adds none (``send_default_pii`` stays unset,
which is off: SDK 2.75 deprecates passing it); its ``EventScrubber`` filters its own list of
sensitive keys plus ours and the personal-data fields of ``LOG_REDACT_FIELDS``; a
``before_send`` (errors) and a ``before_send_transaction`` (performance traces) mask what
it cannot see, secrets inside text (a bot token in a URL, a password in a connection
string, a span's description) and keys that only contain a sensitive word.

The release is ``<service>@<version>``; the commit (``GIT_SHA``) is its ``dist``, which
tells apart the builds of one version.
"""

from typing import TYPE_CHECKING, cast

from {{ cookiecutter.service_name }}.core.build import git_sha, service_version
from {{ cookiecutter.service_name }}.core.logging import SENSITIVE_KEYS, Redactor
from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings

if TYPE_CHECKING:
    from sentry_sdk.types import Event, Hint


def init_sentry(settings: Settings) -> bool:
    """Start the Sentry SDK when a DSN is configured; return whether it started."""
    if settings.sentry_dsn is None or not settings.sentry_dsn.get_secret_value():
        return False
    import sentry_sdk  # heavy: imported only when a DSN is set
    from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST, EventScrubber

    redactor = Redactor(settings.log_redact_fields)
    personal = [name.strip().lower() for name in settings.log_redact_fields.split(",")]
    denylist = [*DEFAULT_DENYLIST, *SENSITIVE_KEYS, "x-api-key", "bot_token", *personal]

    def scrub_text(event: "Event", _: "Hint") -> "Event":
        return cast("Event", redactor.clean_mapping(cast(dict[str, object], event)))

    sentry_sdk.init(
        dsn=settings.sentry_dsn.get_secret_value(),
        environment=settings.environment,
        release=f"{SERVICE_NAME}@{service_version()}",
        dist=git_sha(),
{%- if cookiecutter._service_type in ["business-api", "data-api"] %}
        traces_sample_rate=settings.sentry_traces_sample_rate,
{%- endif %}
        event_scrubber=EventScrubber(
            denylist=denylist, pii_denylist=DEFAULT_PII_DENYLIST, recursive=True
        ),
        before_send=scrub_text,
        before_send_transaction=scrub_text,
    )
    return True
