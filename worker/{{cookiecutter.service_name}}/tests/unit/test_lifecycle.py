import asyncio
import os
import signal
from collections.abc import Iterator

import pytest
from structlog.testing import capture_logs

from {{ cookiecutter.service_name }}.core.lifecycle import shutdown_requested


@pytest.fixture(autouse=True)
def harmless_sigterm() -> Iterator[None]:
    """Should the handler not be installed, a SIGTERM is ignored instead of ending pytest."""
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


async def test_a_shutdown_signal_sets_the_event() -> None:
    with shutdown_requested() as stop:
        assert not stop.is_set()
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.wait_for(stop.wait(), timeout=2)


async def test_a_second_signal_cancels_the_waiting_task() -> None:
    async def worker() -> None:
        with shutdown_requested() as stop:
            os.kill(os.getpid(), signal.SIGTERM)
            await stop.wait()
            os.kill(os.getpid(), signal.SIGTERM)
            await asyncio.sleep(10)  # a drain that takes too long

    task = asyncio.create_task(worker())
    with capture_logs() as logs, pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, timeout=2)

    assert [log["event"] for log in logs] == ["app.shutdown_requested", "app.forced_exit"]


async def test_signal_handlers_are_removed_on_exit() -> None:
    loop = asyncio.get_running_loop()
    with shutdown_requested():
        pass

    assert not loop.remove_signal_handler(signal.SIGTERM)
    assert not loop.remove_signal_handler(signal.SIGINT)
