"""Structured logging: one JSON object per line, or readable lines in a terminal.

The service's own loggers (structlog) and the standard-library loggers of servers and
libraries go through the same processors, so every line carries ``timestamp``, ``level``,
``event``, ``service`` and, when one is bound, ``request_id``. Secrets and personal data
are masked on the way out, whichever logger wrote them.
"""

import logging
import re
import sys
from typing import Any

import structlog
from structlog.types import EventDict, Processor, WrappedLogger

MASK = "[REDACTED]"
# A key whose name contains one of these words has its whole value masked.
SENSITIVE_KEYS = (
    "authorization",
    "cookie",
    "password",
    "passwd",
    "token",
    "secret",
    "api_key",
    "api-key",
    "apikey",
    "credential",
    "dsn",
)
# Secrets inside text (a library's message, a URL, a traceback): each kept prefix group is
# followed by the part that is masked.
SECRET_IN_TEXT = re.compile(
    r"()(?<!\d)\d{5,}:[\w-]{30,}"  # a Telegram bot token, also in .../bot<token>/getMe
    r"|(\b(?:[Bb]earer|[Bb]asic)\s+)[^\s\"',;]+"  # credentials of an Authorization header
    r"|(://[^/\s:@]+:)[^/\s@]+(?=@)"  # the password in scheme://user:password@host
    r"|((?i:token|password|secret|api_?key|signature)[\w-]*=)[^&\s\"',;]+"  # in a query
)
MAX_REMEMBERED_KEYS = 4096
# Fields that the processors before this one set: never secret, not searched.
OWN_KEYS = frozenset({"timestamp", "level", "logger", "service", "request_id", "trace_id"})


def _service_field(service: str) -> Processor:
    def add_service(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
        event_dict.setdefault("service", service)
        return event_dict

    return add_service


class Redactor:
    """Masks the values of sensitive keys (and of keys naming one of the personal-data
    ``fields``, comma-separated) at any depth, and secrets found inside text values; as a
    structlog processor, in every log line."""

    def __init__(self, fields: str = "email,phone") -> None:
        personal = (field.strip().lower() for field in fields.split(","))
        self._words = (*SENSITIVE_KEYS, *filter(None, personal))
        self._verdicts: dict[str, bool] = {}  # key -> sensitive; log lines reuse few keys

    def sensitive(self, key: str) -> bool:
        verdict = self._verdicts.get(key)
        if verdict is None:
            folded = key.lower()
            verdict = any(word in folded for word in self._words)
            if len(self._verdicts) < MAX_REMEMBERED_KEYS:  # keys from data could be endless
                self._verdicts[key] = verdict
        return verdict

    def clean(self, value: object) -> object:
        if isinstance(value, str):
            return _scrub(value)
        if isinstance(value, dict):
            return self.clean_mapping(value)
        if isinstance(value, list):
            return [self.clean(item) for item in value]
        if isinstance(value, tuple):  # also exc_info, whose items are left as they are
            return tuple(self.clean(item) for item in value)
        return value

    def clean_mapping(self, mapping: dict[str, Any]) -> dict[str, Any]:
        return {
            key: MASK if isinstance(key, str) and self.sensitive(key) else self.clean(value)
            for key, value in mapping.items()
        }

    def __call__(self, _: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
        for key, value in event_dict.items():
            if key in OWN_KEYS:
                continue
            if self.sensitive(key):
                event_dict[key] = MASK
            elif isinstance(value, str | dict | list | tuple):
                event_dict[key] = self.clean(value)
        return event_dict


def _scrub(text: str) -> str:
    # Most values hold none of the characters a secret pattern needs: no regex pass.
    if ":" in text or "=" in text or "earer " in text or "asic " in text:
        return SECRET_IN_TEXT.sub(_mask, text)
    return text


def _mask(match: re.Match[str]) -> str:
    return "".join(group for group in match.groups() if group) + MASK


def configure_logging(
    service: str,
    level: str = "INFO",
    json_logs: bool = True,
    redact_fields: str = "email,phone",
) -> None:
    """Send every log record to stdout through structlog's processors; the values of the
    ``redact_fields`` (comma-separated names) are masked like secrets."""
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _service_field(service),
    ]
    renderer: Processor = (
        structlog.processors.JSONRenderer() if json_logs else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.dict_tracebacks if json_logs else _passthrough,
            # Last before rendering: also masks what a traceback's frames hold.
            Redactor(redact_fields),
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.captureWarnings(True)  # warnings become log lines, not plain text on stderr


def _passthrough(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    return event_dict
