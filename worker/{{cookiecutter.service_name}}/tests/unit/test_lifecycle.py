import asyncio
import os
import signal

import pytest

from {{ cookiecutter.service_name }}.core.lifecycle import shutdown_requested


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_a_shutdown_signal_sets_the_event(sig: signal.Signals) -> None:
    with shutdown_requested() as stop:
        assert not stop.is_set()
        os.kill(os.getpid(), sig)
        await asyncio.wait_for(stop.wait(), timeout=2)


async def test_signal_handlers_are_removed_on_exit() -> None:
    loop = asyncio.get_running_loop()
    with shutdown_requested():
        pass

    assert not loop.remove_signal_handler(signal.SIGTERM)
    assert not loop.remove_signal_handler(signal.SIGINT)
