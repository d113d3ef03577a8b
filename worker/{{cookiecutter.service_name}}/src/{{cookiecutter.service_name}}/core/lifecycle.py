"""Turns SIGTERM and SIGINT into a graceful shutdown, and a second one into a forced exit."""

import asyncio
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import structlog

SHUTDOWN_SIGNALS = (signal.SIGTERM, signal.SIGINT)

logger = structlog.get_logger(__name__)


@contextmanager
def shutdown_requested() -> Iterator[asyncio.Event]:
    """An event set by the first SIGTERM or SIGINT while the block runs.

    A second signal cancels the task that entered the block, so a drain that takes too
    long can be cut short.
    """
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    stop = asyncio.Event()

    def on_signal(sig: signal.Signals) -> None:
        if not stop.is_set():
            logger.info("app.shutdown_requested", signal=sig.name)
            stop.set()
        elif task is not None:
            logger.warning("app.forced_exit", signal=sig.name)
            task.cancel()

    for sig in SHUTDOWN_SIGNALS:
        loop.add_signal_handler(sig, on_signal, sig)
    try:
        yield stop
    finally:
        for sig in SHUTDOWN_SIGNALS:
            loop.remove_signal_handler(sig)
