"""A level-4 business-api as a real process in front of a live data-api on PostgreSQL (and
Redis), attacked from outside: fuzzed through its OpenAPI, SIGTERM under load.

Figures (fuzzed cases, seconds to exit) are printed; run with ``-s``."""

import subprocess
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

# The level-4 defaults (Redis cache, JWT) with every option that needs no other server on.
ANSWERS = {"maturity_level": "4", "file_storage": "local", "websocket": "yes"}
DATA_API_ANSWERS = {"maturity_level": "4"}
PATH = "/api/v1/items"
FUZZ_CASES = 530
SHUTDOWN_TIMEOUT = 10.0  # seconds from SIGTERM to the exit
DATA_API_KEY = "business-api-key-of-more-than-32-characters"
SETTINGS = {
    "LOG_LEVEL": "WARNING",
    "RATE_LIMIT": "100000/second",  # the fuzzer and the load are one client
    "JWT_SECRET": "a-test-secret-of-more-than-32-characters",
}


@pytest.fixture(scope="module")
def data_api_url(tmp_path_factory: pytest.TempPathFactory, services: Services) -> Iterator[str]:
    """A level-4 data-api baked with the same resource, served on its own database; it
    verifies its callers: the business-api sends ``DATA_API_KEY``."""
    folder = tmp_path_factory.mktemp("data-api")
    project = bake("data-api", folder, DATA_API_ANSWERS)
    venv = environment("data-api", project)
    with database(venv, require(services, "DATABASE_URL")) as database_url:
        migrate(project, venv, database_url)
        env = {
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            "API_KEYS": f"business-api:{DATA_API_KEY}",
        }
        with serve(project, venv, env, folder / "data-api.log") as url:
            yield url


@pytest.fixture(scope="module")
def business_api(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The baked project and its template environment."""
    project = bake("business-api", tmp_path_factory.mktemp("business-api"), ANSWERS)
    return project, environment("business-api", project)


@pytest.fixture(scope="module")
def credentials(business_api: tuple[Path, Path]) -> dict[str, str]:
    """A bearer token with the read and write scopes, from the project's ``make token``."""
    project, venv = business_api
    minted = subprocess.run(
        [str(venv / "bin" / "python"), "-m", f"{project.name}.dev_token"],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(project / "src"), **SETTINGS},
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    )
    return {"Authorization": f"Bearer {minted.stdout.strip()}"}


@pytest.fixture
def business_env(data_api_url: str, services: Services, tmp_path: Path) -> dict[str, str]:
    """The business-api's environment: the live data-api, Redis, a folder for files."""
    return {
        **SETTINGS,
        "DATA_API_URL": data_api_url,
        "DATA_API_KEY": DATA_API_KEY,
        "REDIS_URL": require(services, "REDIS_URL"),
        "FILE_STORAGE_DIR": str(tmp_path / "files"),
    }


def create(url: str, name: str, headers: dict[str, str]) -> Answer:
    answer = exchange("POST", f"{url}{PATH}", {"name": name, "description": None}, headers)
    assert answer.status == 201, answer
    return answer


def test_fuzzed_requests_get_no_5xx_and_problem_details_for_every_4xx(
    business_api: tuple[Path, Path],
    business_env: dict[str, str],
    credentials: dict[str, str],
    tmp_path: Path,
) -> None:
    project, venv = business_api
    with serve(project, venv, business_env, tmp_path / "business-api.log") as url:
        for number in range(3):  # some ids that exist
            create(url, f"seed {number}", credentials)
        started = time.monotonic()
        cases = fuzz(url, FUZZ_CASES, credentials)
        seconds = time.monotonic() - started

    statuses = dict(Counter(case.status for case in cases))
    print(f"\nfuzzed {len(cases)} cases in {seconds:.1f} s: {statuses}")
    assert len(cases) >= 500
    failures = fuzz_failures(cases)
    assert not failures, f"{len(failures)} bad answers, e.g.:\n" + "\n".join(failures[:8])


def test_sigterm_under_load_completes_accepted_requests_and_exits_cleanly(
    business_api: tuple[Path, Path],
    business_env: dict[str, str],
    credentials: dict[str, str],
    tmp_path: Path,
) -> None:
    project, venv = business_api
    env = {**business_env, "LOG_LEVEL": "INFO"}  # uvicorn says when the shutdown completed
    with launch(project, venv, env, tmp_path / "business-api.log") as service:
        ids = [create(service.url, f"seed {n}", credentials).json()["id"] for n in range(20)]
        shutdown = sigterm_under_load(service, PATH, ids, SHUTDOWN_TIMEOUT, credentials)

    print(f"\n{shutdown.summary()}")
    problems = shutdown.problems()
    assert not problems, "\n".join(problems[:10]) + f"\n{shutdown.log[-3000:]}"
