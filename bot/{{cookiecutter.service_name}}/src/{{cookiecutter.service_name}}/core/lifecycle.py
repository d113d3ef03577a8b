"""Graceful shutdown: the updates being handled when polling stops are allowed to finish."""

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast


class InFlight:
    """The tasks handling an update right now."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    def __len__(self) -> int:
        return len(self._tasks)

    @contextmanager
    def track(self) -> Iterator[None]:
        """Count the current task as in flight while the block runs."""
        task = cast("asyncio.Task[Any]", asyncio.current_task())  # always set in a coroutine
        self._tasks.add(task)
        self._idle.clear()
        try:
            yield
        finally:
            self._tasks.discard(task)
            if not self._tasks:
                self._idle.set()

    async def drain(self, seconds: float) -> int:
        """Wait up to ``seconds`` for the tasks in flight, then cancel the rest.

        Returns how many were cancelled.
        """
        try:
            await asyncio.wait_for(self._idle.wait(), seconds)
        except TimeoutError:
            late = set(self._tasks)
            for task in late:
                task.cancel()
            await asyncio.wait(late)
            return len(late)
        return 0
