"""A level-4 data-api as a real process on a real PostgreSQL, attacked from outside: fuzzed
through its OpenAPI, its database stopped and started under it, SIGTERM under load.

Figures (fuzzed cases, seconds to 503, seconds to exit) are printed; run with ``-s``."""

import http.client
import os
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.harness import bake, environment
from tests.live import (
    Answer,
    Running,
    exchange,
    fuzz,
    fuzz_failures,
    launch,
    migrate,
    problem_errors,
    serve,
    sigterm_under_load,
)
from tests.services import Server, ServiceUnavailable, private

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("data-api")]

ANSWERS = {"maturity_level": "4"}
PATH = "/api/v1/items"
FUZZ_CASES = 530
READY_WITHIN = 2.0  # seconds from PostgreSQL gone to /ready answering 503 (issue 3)
RECOVERY_WITHIN = 15.0
# The outage tests' data-api: /ready's bounded SELECT 1, and statements, connecting and
# waiting for a pooled connection, each bounded (the settings of the generated service).
OUTAGE_SETTINGS = {
    "READY_TIMEOUT_SECONDS": "1",
    "DATABASE_STATEMENT_TIMEOUT_SECONDS": "2",
    "DATABASE_CONNECT_TIMEOUT_SECONDS": "1",
    "DATABASE_POOL_TIMEOUT_SECONDS": "2",
}
# A request's limit during an outage: the statement timeout, the 1 s the service's client
# allows beyond it, and a margin for a loaded machine.
REQUEST_WITHIN = 3.5
SHUTDOWN_TIMEOUT = 10.0  # seconds from SIGTERM to the exit
API_KEY = "a-test-api-key-of-more-than-32-characters"
SETTINGS = {"LOG_LEVEL": "WARNING", "API_KEYS": f"reliability-tests:{API_KEY}"}
CREDENTIALS = {"X-API-Key": API_KEY}  # level 4: callers authenticate


@pytest.fixture(scope="module")
def data_api(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The baked project and its template environment."""
    project = bake("data-api", tmp_path_factory.mktemp("data-api"), ANSWERS)
    return project, environment("data-api", project)


@pytest.fixture(scope="module")
def postgres(data_api: tuple[Path, Path]) -> Iterator[Server]:
    """A migrated PostgreSQL server of this module's own: the outage test stops it (and
    starts it again)."""
    project, venv = data_api
    with ExitStack() as stack:
        try:
            server = stack.enter_context(private("DATABASE_URL"))
        except (ServiceUnavailable, subprocess.CalledProcessError, OSError) as error:
            if os.environ.get("CI") == "true":
                pytest.fail(f"DATABASE_URL: {error}")
            pytest.skip(f"DATABASE_URL: {error}")
        migrate(project, venv, server.url)
        yield server


@dataclass(frozen=True)
class Outage:
    """A data-api serving on the module's PostgreSQL server, which a test stops."""

    server: Server
    service: Running
    item: dict[str, object]  # created before any outage


@pytest.fixture(scope="module")
def outage(
    data_api: tuple[Path, Path], postgres: Server, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Outage]:
    project, venv = data_api
    env = {**SETTINGS, **OUTAGE_SETTINGS, "DATABASE_URL": postgres.url}
    log = tmp_path_factory.mktemp("outage") / "data-api.log"
    with launch(project, venv, env, log) as service:
        yield Outage(postgres, service, create(service.url, "kept across outages").json())


def create(url: str, name: str) -> Answer:
    answer = exchange("POST", f"{url}{PATH}", {"name": name, "description": None}, CREDENTIALS)
    assert answer.status == 201, answer
    return answer


def test_fuzzed_requests_get_no_5xx_and_problem_details_for_every_4xx(
    data_api: tuple[Path, Path], postgres: Server, tmp_path: Path
) -> None:
    project, venv = data_api
    env = {**SETTINGS, "DATABASE_URL": postgres.url}
    with serve(project, venv, env, tmp_path / "data-api.log") as url:
        for number in range(3):  # some ids that exist
            create(url, f"seed {number}")
        started = time.monotonic()
        cases = fuzz(url, FUZZ_CASES, CREDENTIALS)
        seconds = time.monotonic() - started

    statuses = dict(Counter(case.status for case in cases))
    print(f"\nfuzzed {len(cases)} cases in {seconds:.1f} s: {statuses}")
    assert len(cases) >= 500
    failures = fuzz_failures(cases)
    assert not failures, f"{len(failures)} bad answers, e.g.:\n" + "\n".join(failures[:8])


def send_body(
    url: str, headers: dict[str, str], parts: list[bytes], chunked: bool = False
) -> Answer:
    """POST ``parts`` raw (one chunk each when ``chunked``); the answer, read even when the
    service answers before it has all of the body."""
    host, port = url.removeprefix("http://").split(":")
    started = time.monotonic()
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("POST", PATH)
        for name, value in {**CREDENTIALS, **headers}.items():
            connection.putheader(name, value)
        if chunked:
            connection.putheader("Transfer-Encoding", "chunked")
        elif "Content-Length" not in headers:
            connection.putheader("Content-Length", str(sum(map(len, parts))))
        connection.endheaders()
        for part in parts:
            with suppress(OSError):  # the service may have answered and closed
                connection.send(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part)
        response = connection.getresponse()
        found = {name.lower(): value for name, value in response.getheaders()}
        return Answer(response.status, found, response.read(), time.monotonic() - started)
    finally:
        connection.close()


def test_bodies_not_json_or_too_large_get_415_and_413_before_being_read(
    data_api: tuple[Path, Path], postgres: Server, tmp_path: Path
) -> None:
    project, venv = data_api
    limit = 4096
    env = {**SETTINGS, "DATABASE_URL": postgres.url, "MAX_REQUEST_BODY_BYTES": str(limit)}
    json_body = {"Content-Type": "application/json"}
    with serve(project, venv, env, tmp_path / "data-api.log") as url:
        before = exchange("GET", f"{url}{PATH}", headers=CREDENTIALS).json()["total"]
        answers = {
            "text/plain": send_body(url, {"Content-Type": "text/plain"}, [b"name=x"]),
            # Announces a gigabyte, sends one byte: answered without waiting for the rest.
            "announced": send_body(url, {**json_body, "Content-Length": str(10**9)}, [b"{"]),
            "chunked": send_body(url, json_body, [b" " * 1024] * 64, chunked=True),
        }
        after = exchange("GET", f"{url}{PATH}", headers=CREDENTIALS)

    statuses = {kind: answer.status for kind, answer in answers.items()}
    assert statuses == {"text/plain": 415, "announced": 413, "chunked": 413}
    for answer in answers.values():
        assert not problem_errors(answer.status, answer.headers, answer.body, PATH), answer
        assert answer.seconds < 5, answer
    assert (after.status, after.json()["total"]) == (200, before), "nothing stored, still serving"


def names_the_database(answer: Answer) -> bool:
    return "database" in answer.body.decode(errors="replace").lower()


def during_outage(outage: Outage) -> tuple[float, dict[str, Answer]]:
    """Seconds until /ready says 503 naming the database (at most READY_WITHIN), then
    concurrent reads and writes, each answered 503 Problem Details within REQUEST_WITHIN."""
    url, started = outage.service.url, time.monotonic()
    while (ready := exchange("GET", f"{url}/ready", timeout=10)).status != 503:
        assert time.monotonic() - started < READY_WITHIN, f"/ready still says {ready}"
        time.sleep(0.05)
    to_503 = time.monotonic() - started
    assert to_503 <= READY_WITHIN and names_the_database(ready), (to_503, ready)

    requests = {
        f"GET {PATH}/{outage.item['id']}": ("GET", f"{PATH}/{outage.item['id']}", None),
        f"GET {PATH}": ("GET", PATH, None),
        f"POST {PATH}": ("POST", PATH, {"name": "written during an outage"}),
    }
    with ThreadPoolExecutor(len(requests)) as pool:
        futures = {
            request: pool.submit(exchange, method, f"{url}{path}", body, CREDENTIALS, 10)
            for request, (method, path, body) in requests.items()
        }
        answers = {request: future.result() for request, future in futures.items()}
    for request, answer in answers.items():
        path = requests[request][1]
        assert answer.status == 503, (request, answer)
        assert answer.seconds <= REQUEST_WITHIN, (request, answer)
        assert not problem_errors(answer.status, answer.headers, answer.body, path), answer
        assert names_the_database(answer), answer
    return to_503, answers


def after_outage(outage: Outage) -> float:
    """Seconds until /ready says 200 again; then the item reads back and writes work, in the
    same process."""
    url, started = outage.service.url, time.monotonic()
    while exchange("GET", f"{url}/ready", timeout=10).status != 200:
        assert time.monotonic() - started < RECOVERY_WITHIN, outage.service.output()[-3000:]
        time.sleep(0.05)
    to_recover = time.monotonic() - started
    read = exchange("GET", f"{url}{PATH}/{outage.item['id']}", headers=CREDENTIALS)
    assert (read.status, read.json()) == (200, outage.item)
    create(url, "written after an outage")
    assert outage.service.process.poll() is None
    return to_recover


def report(kind: str, to_503: float, answers: dict[str, Answer], to_recover: float) -> None:
    print(
        f"\n{kind}: /ready 503 after {to_503:.2f} s; "
        + ", ".join(f"{request} {a.status} in {a.seconds:.2f} s" for request, a in answers.items())
        + f"; /ready 200 again {to_recover:.2f} s after PostgreSQL was back"
    )


def test_postgresql_stopped_while_serving_gives_503_and_recovers_without_restart(
    outage: Outage,
) -> None:
    assert exchange("GET", f"{outage.service.url}/ready").status == 200
    outage.server.stop()
    try:
        to_503, answers = during_outage(outage)
    finally:
        outage.server.start()
    report("PostgreSQL stopped", to_503, answers, after_outage(outage))


def test_sigterm_under_load_completes_accepted_requests_and_exits_cleanly(
    data_api: tuple[Path, Path], postgres: Server, tmp_path: Path
) -> None:
    project, venv = data_api
    env = {**SETTINGS, "LOG_LEVEL": "INFO", "DATABASE_URL": postgres.url}
    with launch(project, venv, env, tmp_path / "data-api.log") as service:
        ids = [create(service.url, f"seed {n}").json()["id"] for n in range(20)]
        shutdown = sigterm_under_load(service, PATH, ids, SHUTDOWN_TIMEOUT, CREDENTIALS)

    print(f"\n{shutdown.summary()}")
    problems = shutdown.problems()
    assert not problems, "\n".join(problems[:10]) + f"\n{shutdown.log[-3000:]}"
