import asyncio

from structlog.testing import capture_logs

from {{ cookiecutter.service_name }}.infrastructure.scheduler import Job, Scheduler


async def _noop() -> None:
    return None


def test_the_delay_adds_up_to_the_jitter() -> None:
    job = Job("j", _noop, interval=10, jitter=2)

    delays = [job.next_delay() for _ in range(50)]

    assert all(10 <= delay <= 12 for delay in delays)
    assert len(set(delays)) > 1


async def test_jobs_run_every_interval_until_stopped() -> None:
    runs: list[int] = []

    async def tick() -> None:
        runs.append(1)

    scheduler = Scheduler([Job("tick", tick, interval=0.01)])
    scheduler.start()
    await asyncio.sleep(0.1)
    await scheduler.stop()
    count = len(runs)
    await asyncio.sleep(0.05)

    assert count >= 3
    assert len(runs) == count


async def test_a_failing_job_is_logged_and_the_schedule_goes_on() -> None:
    async def broken() -> None:
        raise RuntimeError("boom")

    with capture_logs() as logs:
        assert not await Scheduler([]).run_once(Job("broken", broken, interval=1))

    assert logs[0]["event"] == "job.failed"
    assert logs[0]["job"] == "broken"
