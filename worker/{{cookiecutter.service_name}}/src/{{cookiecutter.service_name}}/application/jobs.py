"""Periodic jobs: plain async functions that the scheduler runs every interval."""

from collections.abc import Awaitable, Callable

import structlog

logger = structlog.get_logger(__name__)

# Counts the messages waiting in the dead-letter queue.
DeadLetterCounter = Callable[[], Awaitable[int]]


async def report_dead_letters(count_dead_letters: DeadLetterCounter) -> int:
    """Warn while messages wait in the dead-letter queue: someone has to look at them."""
    waiting = await count_dead_letters()
    if waiting:
        logger.warning("dead_letters.waiting", count=waiting)
    else:
        logger.info("dead_letters.none")
    return waiting
