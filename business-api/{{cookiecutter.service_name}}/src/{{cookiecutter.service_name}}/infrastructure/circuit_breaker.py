"""A small circuit breaker for the data-api client.

After ``failure_threshold`` failures in a row the circuit opens: calls fail at once, without
touching the network, for ``reset_timeout_seconds``. Then one trial call is let through
(half-open): its success closes the circuit, its failure opens it again.

Written here rather than taken from a library: it is a few lines, fully typed, costs one
comparison per call, and the maintained asyncio libraries either wrap every call in their
own context managers and storage or have not been released for years.
"""

import time
from typing import Literal

import structlog

from {{ cookiecutter.service_name }}.domain.errors import DataSourceUnavailableError

logger = structlog.get_logger(__name__)

State = Literal["closed", "open", "half-open"]


class CircuitOpenError(DataSourceUnavailableError):
    """The circuit is open: the call was not attempted."""


class CircuitBreaker:
    """Counts consecutive failures of one dependency and opens when they reach the threshold."""

    def __init__(self, name: str, failure_threshold: int, reset_timeout_seconds: float) -> None:
        self.name = name
        self._threshold = failure_threshold
        self._reset_timeout = reset_timeout_seconds
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False

    @property
    def state(self) -> State:
        if self._opened_at is None:
            return "closed"
        if time.monotonic() - self._opened_at >= self._reset_timeout:
            return "half-open"
        return "open"

    def before_call(self) -> None:
        """Raise ``CircuitOpenError`` unless a call may go through now."""
        state = self.state
        if state == "open" or (state == "half-open" and self._trial_running):
            raise CircuitOpenError(f"circuit of {self.name} is open")
        if state == "half-open":
            self._trial_running = True

    def record_success(self) -> None:
        if self._opened_at is not None:
            logger.info("circuit.closed", dependency=self.name)
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    def record_failure(self) -> None:
        self._failures += 1
        self._trial_running = False
        if self._opened_at is not None or self._failures >= self._threshold:
            if self.state != "open":
                logger.warning("circuit.opened", dependency=self.name, failures=self._failures)
            self._opened_at = time.monotonic()
