"""A level-4 data-api as a real process on a real PostgreSQL, attacked from outside: fuzzed
through its OpenAPI, its database stopped and started under it, SIGTERM under load.

Figures (fuzzed cases, seconds to 503, seconds to exit) are printed; run with ``-s``."""

import os
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.conftest import require
from tests.harness import bake, environment
from tests.live import (
    Answer,
    database,
    exchange,
    fuzz,
    fuzz_failures,
    launch,
    migrate,
    problem_errors,
    serve,
    sigterm_under_load,
)
from tests.services import Server, Services, ServiceUnavailable, private

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("data-api")]

ANSWERS = {"maturity_level": "4"}
PATH = "/api/v1/items"
FUZZ_CASES = 600
READY_WITHIN = 2.0  # seconds from PostgreSQL gone to /ready answering 503 (issue 3)
REQUEST_TIMEOUT = 5.0  # seconds a request may take while the database is down (no hang)
RECOVERY_WITHIN = 15.0
SHUTDOWN_TIMEOUT = 10.0  # the graceful-shutdown limit the service is configured with
SETTINGS = {"LOG_LEVEL": "WARNING", "SHUTDOWN_TIMEOUT_SECONDS": str(SHUTDOWN_TIMEOUT)}


@pytest.fixture(scope="module")
def data_api(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The baked project and its template environment."""
    project = bake("data-api", tmp_path_factory.mktemp("data-api"), ANSWERS)
    return project, environment("data-api", project)


@pytest.fixture
def postgres_server() -> Iterator[Server]:
    """A PostgreSQL server of the test's own, which it may stop and start."""
    with ExitStack() as stack:
        try:
            server = stack.enter_context(private("DATABASE_URL"))
        except (ServiceUnavailable, subprocess.CalledProcessError, OSError) as error:
            if os.environ.get("CI") == "true":
                pytest.fail(f"DATABASE_URL: {error}")
            pytest.skip(f"DATABASE_URL: {error}")
        yield server


def create(url: str, name: str) -> Answer:
    answer = exchange("POST", f"{url}{PATH}", {"name": name, "description": None})
    assert answer.status == 201, answer
    return answer


def test_fuzzed_requests_get_no_5xx_and_problem_details_for_every_4xx(
    data_api: tuple[Path, Path], services: Services, tmp_path: Path
) -> None:
    project, venv = data_api
    with database(venv, require(services, "DATABASE_URL")) as database_url:
        migrate(project, venv, database_url)
        env = {**SETTINGS, "DATABASE_URL": database_url}
        with serve(project, venv, env, tmp_path / "data-api.log") as url:
            for number in range(3):  # some ids that exist
                create(url, f"seed {number}")
            started = time.monotonic()
            cases = fuzz(url, FUZZ_CASES)
            seconds = time.monotonic() - started

    statuses = dict(Counter(case.status for case in cases))
    print(f"\nfuzzed {len(cases)} cases in {seconds:.1f} s: {statuses}")
    assert len(cases) >= 500
    failures = fuzz_failures(cases)
    assert not failures, f"{len(failures)} bad answers, e.g.:\n" + "\n".join(failures[:8])


def names_the_database(answer: Answer) -> bool:
    return "database" in answer.body.decode(errors="replace").lower()


def test_postgresql_stopped_while_serving_gives_503_and_recovers_without_restart(
    data_api: tuple[Path, Path], postgres_server: Server, tmp_path: Path
) -> None:
    project, venv = data_api
    migrate(project, venv, postgres_server.url)
    env = {**SETTINGS, "DATABASE_URL": postgres_server.url}
    with launch(project, venv, env, tmp_path / "data-api.log") as service:
        url = service.url
        created = create(url, "kept across the outage").json()
        assert exchange("GET", f"{url}/ready").status == 200

        postgres_server.stop()
        stopped = time.monotonic()
        while (ready := exchange("GET", f"{url}/ready", timeout=READY_WITHIN + 1)).status != 503:
            assert time.monotonic() - stopped < READY_WITHIN, f"/ready still says {ready}"
            time.sleep(0.05)
        to_503 = time.monotonic() - stopped
        assert names_the_database(ready), ready

        answers = {
            f"GET {PATH}/{created['id']}": exchange(
                "GET", f"{url}{PATH}/{created['id']}", timeout=REQUEST_TIMEOUT + 1
            ),
            f"GET {PATH}": exchange("GET", f"{url}{PATH}", timeout=REQUEST_TIMEOUT + 1),
            f"POST {PATH}": exchange(
                "POST", f"{url}{PATH}", {"name": "lost?"}, timeout=REQUEST_TIMEOUT + 1
            ),
        }
        for request, answer in answers.items():
            path = request.split(" ")[1]
            assert answer.status == 503, (request, answer)
            assert answer.seconds <= REQUEST_TIMEOUT, (request, answer)
            assert not problem_errors(answer.status, answer.headers, answer.body, path), answer
            assert names_the_database(answer), answer

        postgres_server.start()
        restarted = time.monotonic()
        while exchange("GET", f"{url}/ready").status != 200:
            assert time.monotonic() - restarted < RECOVERY_WITHIN, service.output()[-3000:]
            time.sleep(0.1)
        to_recover = time.monotonic() - restarted
        read = exchange("GET", f"{url}{PATH}/{created['id']}")
        assert (read.status, read.json()) == (200, created)
        create(url, "after the outage")
        assert service.process.poll() is None  # the same process throughout

    print(
        f"\n/ready 503 after {to_503:.2f} s; while down: "
        + ", ".join(f"{request} {a.status} in {a.seconds:.3f} s" for request, a in answers.items())
        + f"; /ready 200 again {to_recover:.2f} s after PostgreSQL restarted"
    )


def test_sigterm_under_load_completes_accepted_requests_and_exits_cleanly(
    data_api: tuple[Path, Path], services: Services, tmp_path: Path
) -> None:
    project, venv = data_api
    with database(venv, require(services, "DATABASE_URL")) as database_url:
        migrate(project, venv, database_url)
        env = {**SETTINGS, "DATABASE_URL": database_url}
        with launch(project, venv, env, tmp_path / "data-api.log") as service:
            ids = [create(service.url, f"seed {n}").json()["id"] for n in range(20)]
            shutdown = sigterm_under_load(service, PATH, ids, SHUTDOWN_TIMEOUT)

    print(f"\n{shutdown.summary()}")
    problems = shutdown.problems()
    assert not problems, "\n".join(problems[:10]) + f"\n{shutdown.log[-3000:]}"
