import asyncio

from {{ cookiecutter.service_name }}.core.lifecycle import InFlight


async def test_drain_returns_at_once_when_nothing_is_in_flight() -> None:
    assert await InFlight().drain(seconds=0.01) == 0


async def test_drain_waits_for_the_tasks_in_flight() -> None:
    in_flight = InFlight()
    release = asyncio.Event()

    async def handle() -> str:
        with in_flight.track():
            await release.wait()
        return "replied"

    task = asyncio.create_task(handle())
    await asyncio.sleep(0)
    assert len(in_flight) == 1

    drain = asyncio.create_task(in_flight.drain(seconds=5))
    await asyncio.sleep(0.05)
    assert not drain.done()
    release.set()

    assert await drain == 0
    assert task.result() == "replied"
    assert len(in_flight) == 0


async def test_drain_cancels_what_outlives_the_timeout() -> None:
    in_flight = InFlight()

    async def handle() -> None:
        with in_flight.track():
            await asyncio.Event().wait()

    task = asyncio.create_task(handle())
    await asyncio.sleep(0)

    assert await in_flight.drain(seconds=0.05) == 1
    assert task.cancelled()
    assert len(in_flight) == 0
