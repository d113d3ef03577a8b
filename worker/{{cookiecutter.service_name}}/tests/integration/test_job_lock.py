import asyncio
import uuid

from redis.asyncio import Redis

from {{ cookiecutter.service_name }}.infrastructure.scheduler import Job, JobLock, Scheduler


async def test_one_replica_runs_a_job_per_interval(redis: Redis) -> None:
    runs: list[str] = []

    def job_of(replica: str) -> Job:
        async def run() -> None:
            runs.append(replica)

        return Job("report", run, interval=0.5)

    service = f"test_{uuid.uuid4().hex[:8]}"
    replicas = {name: Scheduler([], lock=JobLock(redis, service)) for name in ("a", "b")}

    ran = [await replicas[name].run_once(job_of(name)) for name in ("a", "b")]
    assert ran == [True, False]
    await asyncio.sleep(0.6)  # the lock expires with the interval
    assert await replicas["b"].run_once(job_of("b"))

    assert runs == ["a", "b"]
