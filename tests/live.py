"""Run baked services as real processes: ``python -m <package>`` on a free loopback port."""

import http.client
import itertools
import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.services import free_port

STARTUP_TIMEOUT = 60.0


class ServiceFailed(RuntimeError):
    """A service exited or did not become healthy; the message carries its log."""


def request(method: str, url: str, body: object = None) -> tuple[int, object]:
    """One JSON request; returns the status and the decoded body (also for 4xx/5xx)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServiceFailed(f"exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if request("GET", f"{url}/health")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise ServiceFailed(f"no answer on {url}/health in {STARTUP_TIMEOUT:.0f} s:\n{log.read_text()}")


@dataclass
class Running:
    """A service process started by ``launch``."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def launch(project: Path, venv: Path, env: Mapping[str, str], log: Path) -> Iterator[Running]:
    """Start a baked service from the shared environment on a free port; yield it once it is
    healthy (a test may signal its process); stop it if it still runs at the end."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.endswith("_URL")}
    environ |= {"HOST": "127.0.0.1", "PORT": str(port), "LOG_JSON": "false", **env}
    environ["PYTHONPATH"] = str(project / "src")  # the shared environment has no project installed
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(venv / "bin" / "python"), "-m", project.name],
            cwd=project, env=environ, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, process, log)
        yield Running(url, process, log)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def serve(project: Path, venv: Path, env: Mapping[str, str], log: Path) -> Iterator[str]:
    """Like ``launch``, yielding only the service's base URL."""
    with launch(project, venv, env, log) as running:
        yield running.url


# Fault and load tests (tests/test_*_reliability.py): processes they signal themselves, real
# databases, raw HTTP exchanges and concurrent clients.

SQL_SCRIPT = """
import asyncio, sys
import asyncpg

async def main(url: str, statement: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()

asyncio.run(main(*sys.argv[1:]))
"""


def run_sql(venv: Path, url: str, statement: str) -> None:
    """Run one SQL statement with asyncpg from a template's environment."""
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-c", SQL_SCRIPT, url, statement], check=True, capture_output=True)


FORGET_SCRIPT = """
import sys
import redis

client = redis.Redis.from_url(sys.argv[1])
for name in sys.argv[2:]:
    for key in client.scan_iter(match=f"*{name}*", count=1000):
        client.delete(key)
"""


def forget_keys(venv: Path, url: str, names: list[str]) -> None:
    """Delete the Redis keys naming any of these services (each template's keys carry its
    service name: cache, idempotency claims, FSM), with redis-py from a template's venv."""
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-c", FORGET_SCRIPT, url, *names], check=True, capture_output=True)


@contextmanager
def database(venv: Path, server_url: str) -> Iterator[str]:
    """A new, empty database on a PostgreSQL server; yields its URL; dropped afterwards."""
    name = f"reliability_{uuid.uuid4().hex[:12]}"
    run_sql(venv, server_url, f"CREATE DATABASE {name}")
    try:
        yield f"{server_url.rsplit('/', 1)[0]}/{name}"
    finally:
        run_sql(venv, server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def migrate(project: Path, venv: Path, database_url: str) -> None:
    """``alembic upgrade head`` of a baked data-api, as ``make migrate`` does."""
    result = subprocess.run(
        [str(venv / "bin" / "alembic"), "upgrade", "head"],
        cwd=project,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(project / "src"),
             "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
    )  # fmt: skip
    if result.returncode:
        raise ServiceFailed(f"alembic upgrade head failed:\n{result.stdout}{result.stderr}")


@dataclass(frozen=True)
class Answer:
    """One HTTP exchange: status, headers (lower-case names) and the raw body."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)


def exchange(
    method: str,
    url: str,
    body: object = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 10.0,
) -> Answer:
    """One request on a new connection; any status is an answer, a network error raises."""
    parts = urllib.parse.urlsplit(url)
    data = None if body is None else json.dumps(body).encode()
    sent = {"Content-Type": "application/json"} if data is not None else {}
    started = time.monotonic()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""),
                           body=data, headers={**sent, **(headers or {})})  # fmt: skip
        response = connection.getresponse()
        payload = response.read()
        found = {name.lower(): value for name, value in response.getheaders()}
        return Answer(response.status, found, payload, time.monotonic() - started)
    finally:
        connection.close()


class HeldRequest:
    """A request whose body is sent in two parts: ``begin()`` sends the headers and all but
    the last byte, so the server has accepted it and waits; ``finish()`` sends the rest and
    reads the answer. Used to have requests in flight at a known moment."""

    def __init__(self, url: str, method: str, body: object, headers: Mapping[str, str]) -> None:
        parts = urllib.parse.urlsplit(url)
        self.path = parts.path
        self.method = method
        self.payload = json.dumps(body).encode()
        self.headers = {"Content-Type": "application/json", **headers}
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def begin(self) -> None:
        self.connection.putrequest(self.method, self.path)
        for name, value in {**self.headers, "Content-Length": str(len(self.payload))}.items():
            self.connection.putheader(name, value)
        self.connection.endheaders(self.payload[:-1])

    def finish(self) -> Answer:
        started = time.monotonic()
        try:
            self.connection.send(self.payload[-1:])
            response = self.connection.getresponse()
            payload = response.read()
            found = {name.lower(): value for name, value in response.getheaders()}
            return Answer(response.status, found, payload, time.monotonic() - started)
        finally:
            self.connection.close()


@dataclass(frozen=True)
class Outcome:
    """One request made by ``Load``: when it started and ended, and its status or error."""

    started: float
    ended: float
    status: int | None
    error: str | None


class Load:
    """``clients`` threads, each sending requests made by ``next_request`` back to back
    over its own keep-alive connection (a new one after an error) until ``stop()``."""

    def __init__(
        self,
        url: str,
        clients: int,
        next_request: Callable[[int], tuple[str, str, object]],
        headers: Mapping[str, str] | None = None,
    ) -> None:
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port
        self.next_request = next_request
        self.headers = dict(headers or {})
        self.outcomes: list[Outcome] = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._client, daemon=True) for _ in range(clients)]
        self._lock = threading.Lock()
        self._counter = itertools.count()

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> list[Outcome]:
        self.stopping.set()
        for thread in self.threads:
            thread.join(30)
        return sorted(self.outcomes, key=lambda outcome: outcome.started)

    def _client(self) -> None:
        connection: http.client.HTTPConnection | None = None
        while not self.stopping.is_set():
            if connection is None:
                connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            method, path, body = self.next_request(next(self._counter))
            data = None if body is None else json.dumps(body).encode()
            headers = {"Content-Type": "application/json"} if data is not None else {}
            headers |= self.headers
            started, status, error = time.monotonic(), None, None
            try:
                connection.request(method, path, body=data, headers=headers)
                response = connection.getresponse()
                response.read()  # IncompleteRead when the answer is cut off
                status = response.status
                if response.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as failure:
                error = f"{type(failure).__name__}: {failure}"
                connection.close()
                connection = None
                if isinstance(failure, ConnectionRefusedError):
                    time.sleep(0.01)
            with self._lock:
                self.outcomes.append(Outcome(started, time.monotonic(), status, error))
        if connection is not None:
            connection.close()


@dataclass(frozen=True)
class Fuzzed:
    """One generated request and what the service answered (``status`` None: no answer)."""

    operation: str
    mode: str  # "positive" (valid by the schema) or "negative" (invalid)
    request: str  # as a curl command
    status: int | None
    headers: Mapping[str, str]
    body: bytes


def fuzz(url: str, cases: int, headers: Mapping[str, str] | None = None) -> list[Fuzzed]:
    """Send about ``cases`` requests generated by schemathesis from the service's
    ``/openapi.json``, spread over its operations, half valid and half invalid; return them
    all with their answers. Deterministic (derandomized) so that CI runs are reproducible."""
    import requests
    import schemathesis
    from hypothesis.errors import Unsatisfiable

    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    with_input = [
        op
        for op in operations
        if any(op.iter_parameters()) or op.get_request_payload_content_types()
    ]
    per_mode = -(-cases // (2 * max(len(with_input), 1)))
    session = requests.Session()
    fuzzed: list[Fuzzed] = []
    for operation in operations:
        modes = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
        for mode in modes if operation in with_input else modes[:1]:
            examples = per_mode if operation in with_input else 1
            run = _fuzz_operation(operation, mode, examples, url, session, headers, fuzzed)
            with suppress(Unsatisfiable):  # nothing the schema would reject
                run()
    return fuzzed


_FRAMING = frozenset({"content-length", "transfer-encoding", "connection", "host"})


def _fuzz_operation(
    operation: Any,
    mode: Any,
    examples: int,
    url: str,
    session: Any,
    headers: Mapping[str, str] | None,
    fuzzed: list[Fuzzed],
) -> Callable[[], None]:
    """A hypothesis test sending ``examples`` cases of one operation; it appends to ``fuzzed``."""
    import requests
    from hypothesis import HealthCheck, Phase, given, settings

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case: Any) -> None:
        # Framing headers are the HTTP client's: a wrong Content-Length is a broken
        # connection (uvicorn's 400, or a server waiting for bytes never sent), not input.
        for name in [name for name in case.headers or {} if name.lower() in _FRAMING]:
            del case.headers[name]
        status, found, body = None, {}, b""
        try:
            response = case.call(
                base_url=url, session=session, headers=dict(headers or {}), timeout=10
            )
            status, body = response.status_code, response.content
            found = {name.lower(): values[0] for name, values in response.headers.items()}
        except (requests.ConnectionError, requests.Timeout) as error:  # the server's fault
            body = f"{type(error).__name__}: {error}".encode()
        except requests.RequestException:  # a request that cannot be sent (invalid header)
            return
        fuzzed.append(
            Fuzzed(operation.label, mode.value, case.as_curl_command(), status, found, body)
        )

    return call


def problem_errors(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    path: str | None = None,
    invalid_input: bool = False,
) -> list[str]:
    """What an error answer lacks to be the contract's RFC 7807 Problem Details (``[]``: ok).

    ``headers`` has lower-case names; ``path``, when given, must be the ``instance``; a 422
    for ``invalid_input`` (a validation error) must list its ``errors``, which any other
    422 (e.g. an ``Idempotency-Key`` reused with another body) may omit."""
    content_type = headers.get("content-type", "")
    if content_type.split(";")[0].strip() != "application/problem+json":
        return [f"Content-Type is {content_type!r}, not application/problem+json"]
    try:
        problem = json.loads(body)
    except ValueError:
        return ["the body is not JSON"]
    if not isinstance(problem, dict):
        return ["the body is not a JSON object"]
    found = [
        f"{field!r} missing or not {kind.__name__}"
        for field, kind in {
            "type": str, "title": str, "status": int, "detail": str, "instance": str,
        }.items()
        if not isinstance(problem.get(field), kind)
    ]  # fmt: skip
    if problem.get("status") != status:
        found.append(f"'status' is {problem.get('status')!r}, the answer's {status}")
    if path is not None and problem.get("instance") != path:
        found.append(f"'instance' is {problem.get('instance')!r}, not {path!r}")
    if "x-request-id" in headers and problem.get("request_id") != headers["x-request-id"]:
        found.append(f"'request_id' is {problem.get('request_id')!r}, not the X-Request-ID")
    errors = problem.get("errors")
    well_formed = isinstance(errors, list) and all(
        isinstance(error, dict)
        and isinstance(error.get("loc"), list)
        and isinstance(error.get("msg"), str)
        and isinstance(error.get("type"), str)
        for error in errors
    )
    if status == 422 and invalid_input and not (well_formed and errors):
        found.append("a 422 for invalid input needs a list of 'errors'")
    if errors is not None and not well_formed:
        found.append("'errors' is not a list of {loc: list, msg: str, type: str}")
    return found


def fuzz_failures(cases: list[Fuzzed]) -> list[str]:
    """Fuzzed requests answered with a 5xx, not at all, or with a 4xx that is not Problem
    Details; each with the curl command that repeats it."""
    failures = []
    for case in cases:
        if case.status is None or case.status >= 500:
            failures.append(f"{case.request}\n  -> {case.status}: {case.body[:300]!r}")
        elif case.status >= 400 and (
            errors := problem_errors(case.status, case.headers, case.body)
        ):
            failures.append(
                f"{case.request}\n  -> {case.status}: {'; '.join(errors)}: {case.body[:300]!r}"
            )
    return failures


@dataclass(frozen=True)
class Shutdown:
    """What ``sigterm_under_load`` saw."""

    held: list[Answer]  # requests in flight at the signal, finished after it
    outcomes: list[Outcome]  # the load's requests
    signalled: float  # time.monotonic() of the signal
    returncode: int | None  # None: still running after the wait
    seconds: float  # from the signal to the exit
    log: str

    def problems(self) -> list[str]:
        """Accepted requests that did not complete normally, and a late or unclean exit."""
        found = [
            f"held create answered {answer.status}: {answer.body[:200]!r}"
            for answer in self.held
            if answer.status != 201
        ]
        for outcome in self.outcomes:
            if outcome.status is not None and outcome.status >= 500:
                found.append(f"load request answered {outcome.status}")
            # A request sent well before the signal was accepted: it must have its answer;
            # a later one may be refused, but an answer, once started, must not be cut off.
            accepted = outcome.started < self.signalled - 0.25
            if outcome.error and (accepted or "IncompleteRead" in outcome.error):
                before = self.signalled - outcome.started
                found.append(f"load request sent {before:.2f} s before SIGTERM: {outcome.error}")
        # A completed graceful shutdown exits 0 (the services' __main__ makes sure of it).
        if self.returncode is None:
            found.append(f"still running {self.seconds:.1f} s after SIGTERM")
        elif self.returncode != 0:
            found.append(f"exit status {self.returncode}")
        elif "Application shutdown complete" not in self.log:
            found.append("no 'Application shutdown complete' in the log (LOG_LEVEL=INFO?)")
        return found

    def summary(self) -> str:
        answered = [o for o in self.outcomes if o.status is not None]
        in_flight = [o for o in self.outcomes if o.started < self.signalled < o.ended]
        dropped = [o for o in in_flight if o.status is None]
        lead = max((self.signalled - o.started for o in dropped), default=0.0)
        return (
            f"{len(answered)} load requests answered; {len(in_flight)} in flight at SIGTERM, "
            f"{len(dropped)} of them (sent at most {lead:.3f} s before it) without an "
            f"answer; {len(self.held)} held requests "
            f"finished 0.5 s after it: {[a.status for a in self.held]}; exit "
            f"{self.returncode} {self.seconds:.2f} s after SIGTERM"
        )


def sigterm_under_load(
    service: Running,
    path: str,
    ids: list[int],
    timeout: float,
    headers: Mapping[str, str] | None = None,
    clients: int = 16,
) -> Shutdown:
    """Load ``service`` with ``clients`` clients reading ``path/<id>`` (and creating one
    resource in four requests), put four creates in flight (``HeldRequest``), send SIGTERM,
    finish the held requests half a second later and wait up to ``timeout`` s for the exit."""

    def next_request(n: int) -> tuple[str, str, object]:
        if n % 4 == 3:
            return "POST", path, {"name": f"load {n}"}
        return "GET", f"{path}/{ids[n % len(ids)]}", None

    load = Load(service.url, clients, next_request, headers)
    load.start()
    time.sleep(1.0)
    body = {"name": "created while stopping"}
    held = [HeldRequest(f"{service.url}{path}", "POST", body, headers or {}) for _ in range(4)]
    for request in held:
        request.begin()
    time.sleep(0.3)  # the server has read their headers: they are in flight
    service.process.send_signal(signal.SIGTERM)
    signalled = time.monotonic()
    time.sleep(0.5)
    answers = [request.finish() for request in held]
    try:
        returncode: int | None = service.process.wait(max(timeout - 0.5, 0.1))
    except subprocess.TimeoutExpired:
        returncode = None
    seconds = time.monotonic() - signalled
    outcomes = load.stop()
    return Shutdown(answers, outcomes, signalled, returncode, seconds, service.output())
