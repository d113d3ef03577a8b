"""Runs periodic jobs with jitter{% if cookiecutter.maturity_level|int >= 3 and cookiecutter.use_redis == "yes" %}; a Redis lock lets one replica run a job per interval{% endif %}."""

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog
{%- if cookiecutter.maturity_level|int >= 3 and cookiecutter.use_redis == "yes" %}
from redis.asyncio import Redis
{%- endif %}

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Job:
    """``run`` every ``interval`` seconds plus a random delay of up to ``jitter`` seconds."""

    name: str
    run: Callable[[], Awaitable[object]]
    interval: float
    jitter: float = 0.0

    def next_delay(self) -> float:
        """Seconds until the next run; the jitter spreads replicas' runs apart."""
        return self.interval + random.uniform(0, self.jitter)  # nosec B311: not for security
{%- if cookiecutter.maturity_level|int >= 3 and cookiecutter.use_redis == "yes" %}


class JobLock:
    """``SET lock:<service>:<job> NX PX <interval>``: the first replica takes the interval.

    The lock is not released after the run but expires with the interval, so the job runs
    once per interval across all replicas; a replica that dies mid-run blocks nobody for
    longer than that.
    """

    def __init__(self, redis: Redis, service: str) -> None:
        self._redis = redis
        self._prefix = f"lock:{service}:"

    async def acquire(self, job: Job) -> bool:
        """Take the job's lock for one interval; ``False`` when another replica holds it."""
        ttl_ms = max(1, round(job.interval * 1000))
        return bool(await self._redis.set(self._prefix + job.name, "1", nx=True, px=ttl_ms))
{%- endif %}


class Scheduler:
    """Starts one task per job and cancels them at shutdown."""

    def __init__(self, jobs: list[Job]{% if cookiecutter.maturity_level|int >= 3 and cookiecutter.use_redis == "yes" %}, lock: JobLock | None = None{% endif %}) -> None:
        self._jobs = jobs
{%- if cookiecutter.maturity_level|int >= 3 and cookiecutter.use_redis == "yes" %}
        self._lock = lock
{%- endif %}
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        """Schedule every job's first run one (jittered) interval from now."""
        self._tasks = [asyncio.create_task(self._loop(job), name=job.name) for job in self._jobs]

    async def stop(self) -> None:
        """Cancel the jobs, a run in progress included (jobs must be safe to interrupt)."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def _loop(self, job: Job) -> None:
        while True:
            await asyncio.sleep(job.next_delay())
            await self.run_once(job)

    async def run_once(self, job: Job) -> bool:
        """Run ``job`` now unless another replica has it; errors are logged, never raised."""
        log = logger.bind(job=job.name)
        try:
{%- if cookiecutter.maturity_level|int >= 3 and cookiecutter.use_redis == "yes" %}
            if self._lock is not None and not await self._lock.acquire(job):
                log.debug("job.skipped", reason="another replica runs it")
                return False
{%- endif %}
            await job.run()
        except Exception:
            log.exception("job.failed")
            return False
        log.debug("job.done")
        return True
