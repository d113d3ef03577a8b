"""A level-4 business-api as a real process in front of a live data-api on PostgreSQL (and
Redis), attacked from outside: fuzzed through its OpenAPI, SIGTERM under load.

Figures (fuzzed cases, seconds to exit) are printed; run with ``-s``."""

import time
from collections import Counter
from collections.abc import Iterator
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
    serve,
    sigterm_under_load,
)
from tests.services import Services

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("business-api")]

ANSWERS = {"maturity_level": "4"}
PATH = "/api/v1/items"
FUZZ_CASES = 600
SHUTDOWN_TIMEOUT = 10.0  # the graceful-shutdown limit the service is configured with
SETTINGS = {"LOG_LEVEL": "WARNING", "SHUTDOWN_TIMEOUT_SECONDS": str(SHUTDOWN_TIMEOUT)}


@pytest.fixture(scope="module")
def data_api_url(tmp_path_factory: pytest.TempPathFactory, services: Services) -> Iterator[str]:
    """A level-4 data-api baked with the same resource, served on its own database."""
    folder = tmp_path_factory.mktemp("data-api")
    project = bake("data-api", folder, ANSWERS)
    venv = environment("data-api", project)
    with database(venv, require(services, "DATABASE_URL")) as database_url:
        migrate(project, venv, database_url)
        env = {"LOG_LEVEL": "WARNING", "DATABASE_URL": database_url}
        with serve(project, venv, env, folder / "data-api.log") as url:
            yield url


@pytest.fixture(scope="module")
def business_api(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The baked project and its template environment."""
    project = bake("business-api", tmp_path_factory.mktemp("business-api"), ANSWERS)
    return project, environment("business-api", project)


@pytest.fixture
def business_env(data_api_url: str, services: Services) -> dict[str, str]:
    """The business-api's environment: the live data-api and Redis."""
    return {**SETTINGS, "DATA_API_URL": data_api_url, "REDIS_URL": require(services, "REDIS_URL")}


def create(url: str, name: str) -> Answer:
    answer = exchange("POST", f"{url}{PATH}", {"name": name, "description": None})
    assert answer.status == 201, answer
    return answer


def test_fuzzed_requests_get_no_5xx_and_problem_details_for_every_4xx(
    business_api: tuple[Path, Path], business_env: dict[str, str], tmp_path: Path
) -> None:
    project, venv = business_api
    with serve(project, venv, business_env, tmp_path / "business-api.log") as url:
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


def test_sigterm_under_load_completes_accepted_requests_and_exits_cleanly(
    business_api: tuple[Path, Path], business_env: dict[str, str], tmp_path: Path
) -> None:
    project, venv = business_api
    with launch(project, venv, business_env, tmp_path / "business-api.log") as service:
        ids = [create(service.url, f"seed {n}").json()["id"] for n in range(20)]
        shutdown = sigterm_under_load(service, PATH, ids, SHUTDOWN_TIMEOUT)

    print(f"\n{shutdown.summary()}")
    problems = shutdown.problems()
    assert not problems, "\n".join(problems[:10]) + f"\n{shutdown.log[-3000:]}"
