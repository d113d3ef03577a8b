"""Shared machinery of the HTTP API benchmarks (``bench/data_api.py``, ``bench/business_api.py``).

A benchmark bakes a template with the collection's harness, runs the service and a floor
(``bench/floors``) with the template's virtualenv, drives GET-by-id over random ids with
``wrk`` at 32 connections, alternating floor and service rounds, and prints the medians and
the ratios against the goals of the issues.
"""

import argparse
import contextlib
import dataclasses
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests import harness
from tests.services import free_port

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 32
THREADS = 2
ROWS = 10_000
RSS_REQUESTS = 10_000
READY_TIMEOUT = 60.0
SAMPLING_RATE = 250  # py-spy samples per second
# Goals of issues 3 and 4.
MIN_THROUGHPUT_RATIO = 0.5
MAX_P99_RATIO = 2.0
MAX_RSS_MB = 90.0
MAX_READY_SECONDS = 2.0

_PATH = re.compile(r"\s*\(/\S*?/(?:site-packages|src|python3\.\d+)/")
_LINE = re.compile(r":\d+\)$")
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_LUA = """\
local prefix, first, last, limit, sequential = "{prefix}", {first}, {last}, {limit}, {sequential}
local done = "{done}"
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
end

function init(args)
  math.randomseed(os.time() * 100 + number)
  next_id, served = first + number - 1, 0
end

function request()
  local id = math.random(first, last)
  if sequential then
    id = next_id
    next_id = next_id + {threads}
    if next_id > last then next_id = first + number - 1 end
  end
  return wrk.format(nil, prefix .. id)
end

if limit > 0 then
  function response(status, headers, body)
    served = served + 1
    if served == limit then
      -- wrk waits out its duration after its threads stop; this file lets wrk() end it.
      io.open(done .. number, "w"):close()
      wrk.thread:stop()
    end
  end
end
"""


@dataclass(frozen=True)
class Load:
    """The outcome of one ``wrk`` run."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    cpu_us: float = 0.0  # CPU time per request of the processes that answered it
    error_detail: str = ""


Target = tuple[str, Sequence["Server"], str]  # label, the servers (the first gets hit), path


@dataclass
class Server:
    """A running floor or service process."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    ready_seconds: float
    ready_path: str

    def cpu_seconds(self) -> float:
        """User and system CPU time used so far: steadier than req/s on a busy machine."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        return int(match.group(1)) / 1024 if match else float("nan")


def arguments(description: str, argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line shared by both benchmarks."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per round (5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per server (3)")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds (2)")
    parser.add_argument("--level", default="1", help="maturity level to bake (1)")
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="extra bake answer"
    )
    parser.add_argument(
        "--env", action="append", default=[], metavar="KEY=VALUE", help="extra service variable"
    )
    parser.add_argument(
        "--header", action="append", default=[], metavar="NAME=VALUE", help="request header"
    )
    parser.add_argument(
        "--profile", type=Path, metavar="DIR", help="py-spy the services during one more round"
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a goal is missed, not only on errors"
    )
    return parser.parse_args(argv)


def pairs(items: Sequence[str]) -> dict[str, str]:
    return dict(item.split("=", 1) for item in items)


def plural(answers: Mapping[str, str]) -> str:
    return answers.get("resource_plural") or answers.get("resource_name", "item") + "s"


def bake(template: str, folder: Path, answers: Mapping[str, str]) -> tuple[Path, Path]:
    """Bake ``template`` into ``folder``; return the project and its virtualenv."""
    project = harness.bake(template, folder, answers)
    venv = harness.environment(template, project)
    # Byte-compile like a built image does, so that start-to-ready does not time compiling.
    packages = next(venv.glob("lib/python3.*/site-packages"))
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "compileall", "-q", "-j0", str(packages),
         str(project / "src")],
        capture_output=True, check=True,
    )  # fmt: skip
    return project, venv


def uvicorn_settings(project: Path) -> dict[str, str]:
    """The loop and HTTP implementation the service's ``__main__`` asks uvicorn for."""
    main = next(project.glob("src/*/__main__.py")).read_text()
    settings = {"UVICORN_LOOP": "auto", "UVICORN_HTTP": "auto"}
    for option, variable in (("loop", "UVICORN_LOOP"), ("http", "UVICORN_HTTP")):
        match = re.search(rf"\b{option}=[\"'](\w+)[\"']", main)
        if match:
            settings[variable] = match.group(1)
    return settings


def get(url: str, headers: Mapping[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get_json(url: str, headers: Mapping[str, str] | None = None) -> dict[str, object]:
    status, body = get(url, headers)
    if status != 200:
        raise RuntimeError(f"GET {url} answered {status}: {body[:500]!r}")
    answer = json.loads(body)
    assert isinstance(answer, dict)
    return answer


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, started: float) -> str:
    """Poll ``/ready`` (``/health`` when there is none) until 200; return the path."""
    path = "/ready"
    while time.monotonic() - started < READY_TIMEOUT:
        if process.poll() is not None:
            raise RuntimeError(f"{log.name} exited with {process.returncode}:\n{log.read_text()}")
        with contextlib.suppress(OSError):
            status = get(url + path)[0]
            if status == 200:
                return path
            if status == 404:
                path = "/health"
        time.sleep(0.01)
    raise RuntimeError(f"no 200 from {url}{path} in {READY_TIMEOUT:.0f} s:\n{log.read_text()}")


@contextlib.contextmanager
def serve(
    name: str, argv: list[str], cwd: Path, env: Mapping[str, str], logs: Path
) -> Iterator[Server]:
    """Start a server on a free port (``PORT``); yield it once it is ready; stop it."""
    port = free_port()
    inherited = {k: v for k, v in os.environ.items() if not k.endswith("_URL")}
    inherited.pop("VIRTUAL_ENV", None)
    environ = {**inherited, "HOST": "127.0.0.1", "PORT": str(port), **env}
    log = logs / f"{name}.log"
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        started = time.monotonic()
        process = subprocess.Popen(argv, cwd=cwd, env=environ, stdout=out, stderr=subprocess.STDOUT)
    try:
        ready_path = _wait_ready(url, process, log, started)
        yield Server(name, url, process, time.monotonic() - started, ready_path)
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        lines = log.read_text(errors="replace").splitlines()
        if lines:  # services log at WARNING: anything here deserves a look
            print(f"{name} logged {len(lines)} lines, the last: {lines[-1][:300]}")


def serve_service(
    name: str, project: Path, venv: Path, env: Mapping[str, str], logs: Path
) -> contextlib.AbstractContextManager[Server]:
    """``python -m <package>`` like ``tests/live.py``, logging at WARNING; a rate limit, when
    the service has one, is raised out of the way but stays on."""
    environ = {"LOG_LEVEL": "WARNING", "LOG_JSON": "true", "PYTHONPATH": str(project / "src")}
    if re.search(r"^#? ?RATE_LIMIT=", (project / ".env.example").read_text(), re.M):
        environ["RATE_LIMIT"] = "1000000/second"
    argv = [str(venv / "bin" / "python"), "-m", project.name]
    return serve(name, argv, project, {**environ, **env}, logs)


def serve_floor(
    name: str, module: str, project: Path, venv: Path, env: Mapping[str, str], logs: Path
) -> contextlib.AbstractContextManager[Server]:
    """``python -m bench.floors.<module>`` with the service's venv and uvicorn settings."""
    environ = {**uvicorn_settings(project), "PYTHONPATH": str(ROOT), **env}
    argv = [str(venv / "bin" / "python"), "-m", f"bench.floors.{module}"]
    return serve(name, argv, ROOT, environ, logs)


def psql(dsn: str, sql: str) -> str:
    result = subprocess.run(
        ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", dsn, "-c", sql],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def migrate(project: Path, venv: Path, dsn: str) -> None:
    """Create the schema with the service's own Alembic migrations."""
    env = {**os.environ, "DATABASE_URL": dsn, "PYTHONPATH": str(project / "src")}
    done = subprocess.run(
        [str(venv / "bin" / "alembic"), "upgrade", "head"],
        cwd=project, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"alembic upgrade head failed:\n{done.stdout}{done.stderr}")


def seed(project: Path, venv: Path, dsn: str, table: str, rows: int = ROWS) -> tuple[int, int]:
    """Load ``rows`` rows (``make seed`` when the service has it, else SQL); return the ids'
    range."""
    makefile = (project / "Makefile").read_text()
    how = "SQL"
    if re.search(r"^seed:", makefile, re.M):
        env = {**os.environ, "DATABASE_URL": dsn, "PYTHONPATH": str(project / "src")}
        done = subprocess.run(
            ["make", "seed", f"N={rows}", f"VENV={venv}", f"BIN={venv / 'bin'}"],
            cwd=project, env=env, capture_output=True, text=True,
        )  # fmt: skip
        failure = f"SQL (make seed failed: {done.stderr[-300:]})"
        how = "make seed" if done.returncode == 0 else failure
    if how.startswith("SQL"):
        columns = psql(
            dsn,
            "SELECT column_name FROM information_schema.columns "
            f"WHERE table_name = '{table}' AND column_name IN ('name', 'description')",
        ).split()
        values = {"name": "'{table} ' || i", "description": "md5(i::text) || ' ' || md5(i::text)"}
        psql(
            dsn,
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT "
            f"{', '.join(values[c].format(table=table) for c in columns)} "
            f"FROM generate_series(1, {rows}) AS i",
        )
    first, last, count = psql(dsn, f"SELECT min(id), max(id), count(*) FROM {table}").split("|")
    print(f"seeded {count} rows of {table} with {how}")
    return int(first), int(last)


def table_columns(dsn: str, table: str) -> list[str]:
    return psql(
        dsn,
        "SELECT column_name FROM information_schema.columns "
        f"WHERE table_name = '{table}' ORDER BY ordinal_position",
    ).split()


def wrk(
    url: str,
    prefix: str,
    ids: tuple[int, int],
    duration: float,
    headers: Mapping[str, str] | None = None,
    limit: int = 0,
    sequential: bool = False,
) -> Load:
    """Drive ``GET {url}{prefix}<id>`` at 32 connections; ``limit`` stops after that many
    answers (in total), ``sequential`` walks every id instead of random ones."""
    with tempfile.TemporaryDirectory(prefix="wrk.") as tmp:
        script = Path(tmp) / "load.lua"
        script.write_text(
            _LUA.format(
                prefix=prefix,
                first=ids[0],
                last=ids[1],
                limit=-(-limit // THREADS),
                sequential=str(sequential).lower(),
                threads=THREADS,
                done=f"{tmp}/done-",
            )
        )
        header_flags = [flag for k, v in (headers or {}).items() for flag in ("-H", f"{k}: {v}")]
        process = subprocess.Popen(
            ["wrk", "--latency", "--timeout", "10s", "-t", str(THREADS), "-c", str(CONNECTIONS),
             "-d", f"{duration:g}s", "-s", script, *header_flags, url],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        if limit:
            while process.poll() is None and len(list(Path(tmp).glob("done-*"))) < THREADS:
                time.sleep(0.05)
            process.send_signal(signal.SIGINT)  # wrk reports what it did and exits
        stdout, stderr = process.communicate()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, "wrk", stdout, stderr)
    return parse_wrk(stdout)


def parse_wrk(output: str) -> Load:
    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        if match is None:
            raise ValueError(f"no {percent}% latency in wrk output:\n{output}")
        return float(match.group(1)) * _UNITS[match.group(2)]

    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in", output, re.M)
    if rate is None or total is None:
        raise ValueError(f"unexpected wrk output:\n{output}")
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(failed.group(1)) if failed else 0
    errors += sum(map(int, sockets.groups())) if sockets else 0
    detail = "; ".join(match.group(0) for match in (failed, sockets) if match)
    requests = int(total.group(1))
    return Load(float(rate.group(1)), latency("50"), latency("99"), requests, errors, 0, detail)


def alternate(
    targets: Sequence[Target],
    ids: tuple[int, int],
    args: argparse.Namespace,
    headers: Mapping[str, str] | None = None,
) -> dict[str, list[Load]]:
    """Warm up each target, then run ``args.rounds`` rounds taking them in turn."""
    for _, servers, prefix in targets:
        wrk(servers[0].url, prefix, ids, args.warmup, headers)
    loads: dict[str, list[Load]] = {label: [] for label, _, _ in targets}
    for number in range(1, args.rounds + 1):
        for label, servers, prefix in targets:
            before = sum(server.cpu_seconds() for server in servers)
            load = wrk(servers[0].url, prefix, ids, args.duration, headers)
            cpu = sum(server.cpu_seconds() for server in servers) - before
            load = dataclasses.replace(load, cpu_us=cpu * 1e6 / max(load.requests, 1))
            loads[label].append(load)
            print(
                f"  round {number} {label:<34}{load.requests_per_second:7.0f} req/s"
                f"{load.p50_ms:8.2f} ms p50{load.p99_ms:8.2f} ms p99{load.cpu_us:6.0f} us CPU/req"
                + (f"  ERRORS: {load.error_detail}" if load.errors else ""),
                flush=True,
            )
    return loads


def median(loads: Sequence[Load]) -> Load:
    return Load(
        statistics.median(load.requests_per_second for load in loads),
        statistics.median(load.p50_ms for load in loads),
        statistics.median(load.p99_ms for load in loads),
        sum(load.requests for load in loads),
        sum(load.errors for load in loads),
        statistics.median(load.cpu_us for load in loads),
    )


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def compare(
    base_label: str,
    loads: Mapping[str, Sequence[Load]],
    label: str,
    min_throughput: float = MIN_THROUGHPUT_RATIO,
    max_p99: float | None = MAX_P99_RATIO,
) -> bool:
    """Print the medians and ``label``'s ratios to ``base_label``; True when the goals
    (throughput at least ``min_throughput``, p99 at most ``max_p99`` times) are met."""
    base, measured = median(loads[base_label]), median(loads[label])
    print(
        f"{'median of rounds':<34}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'CPU us/req':>12}"
    )
    for name, load in ((base_label, base), (label, measured)):
        print(
            f"{name:<34}{load.requests_per_second:9.0f}{load.p50_ms:9.2f}{load.p99_ms:9.2f}"
            f"{load.errors:8d}{load.cpu_us:12.0f}"
        )
    # Ratios within each round (the two runs next to each other in time share the machine's
    # load), then their median: steadier than the ratio of the medians on a shared machine.
    pairs = list(zip(loads[base_label], loads[label], strict=True))
    throughput = statistics.median(m.requests_per_second / b.requests_per_second for b, m in pairs)
    p99 = statistics.median(m.p99_ms / b.p99_ms for b, m in pairs)
    cpu = statistics.median(m.cpu_us / b.cpu_us for b, m in pairs)
    p99_goal = "" if max_p99 is None else f" (goal <= {max_p99}x) {verdict(p99 <= max_p99)}"
    print(
        f"ratio {label} / {base_label} (median of the rounds' ratios): throughput "
        f"{throughput:.2f}x (goal >= {min_throughput}x) {verdict(throughput >= min_throughput)}, "
        f"p99 {p99:.2f}x{p99_goal}; CPU per request {cpu:.2f}x"
    )
    return throughput >= min_throughput and (max_p99 is None or p99 <= max_p99)


def exit_status(within: bool, loads: Mapping[str, Sequence[Load]], strict: bool) -> int:
    """1 when a request failed; a missed goal only fails with ``strict``, since timings
    depend on the machine's load while a failed request never should."""
    errors = sum(load.errors for runs in loads.values() for load in runs)
    print(f"goals {'met' if within else 'MISSED'}; {errors} failed requests")
    return 1 if errors or (strict and not within) else 0


def footprint(
    server: Server, ids: tuple[int, int], prefix: str, headers: Mapping[str, str]
) -> bool:
    """RSS after the first 10,000 requests and start-to-ready time; True when within goals."""
    wrk(server.url, prefix, ids, 120, headers, limit=RSS_REQUESTS)
    rss = server.rss_mb()
    print(
        f"{server.name}: RSS after {RSS_REQUESTS:,} requests {rss:.1f} MB "
        f"(goal <= {MAX_RSS_MB:.0f}) {verdict(rss <= MAX_RSS_MB)}; start to first 200 from "
        f"{server.ready_path} {server.ready_seconds:.2f} s (goal <= {MAX_READY_SECONDS:.0f}) "
        f"{verdict(server.ready_seconds <= MAX_READY_SECONDS)}"
    )
    return rss <= MAX_RSS_MB and server.ready_seconds <= MAX_READY_SECONDS


def profile(
    targets: Sequence[tuple[Server, str]],
    sampled: Sequence[Server],
    ids: tuple[int, int],
    folder: Path,
    duration: float,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Drive ``targets`` together while py-spy samples ``sampled`` (one more round); write
    each one's collapsed stacks to ``folder`` and print where its time goes per request."""
    here = str(Path(sys.executable).parent)
    spy = shutil.which("py-spy") or shutil.which("py-spy", path=here)
    if spy is None:
        raise RuntimeError("--profile needs py-spy on PATH (uv pip install py-spy)")
    folder.mkdir(parents=True, exist_ok=True)
    spies = {}
    for server in sampled:
        spies[server.name] = subprocess.Popen(
            [spy, "record", "--pid", str(server.process.pid), "--duration", str(round(duration)),
             "--rate", str(SAMPLING_RATE), "--nonblocking", "--format", "raw",
             "--output", str(folder / f"{server.name}.txt")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
    requests = sum(
        wrk(server.url, prefix, ids, duration, headers).requests for server, prefix in targets
    )
    for name, spy_process in spies.items():
        _, error = spy_process.communicate()
        if spy_process.returncode:
            print(f"py-spy failed on {name}: {error.decode()[-500:]}")
        else:
            summarize(folder / f"{name}.txt", requests)


def summarize(stacks: Path, requests: int, top: int = 12) -> None:
    """Print the CPU time per request by module (self time of the innermost frame) and the
    functions with the most self time, from py-spy's collapsed stacks."""
    by_module: dict[str, int] = {}
    by_function: dict[str, int] = {}
    total = 0
    for line in stacks.read_text().splitlines():
        trace, _, count = line.rpartition(" ")
        leaf = _PATH.sub(" (", _LINE.sub(")", trace.rsplit(";", 1)[-1]))
        # Package and first sub-module: "fastapi/routing.py", "<service>/api", "asyncio/...".
        module = "/".join(leaf.partition(" (")[2].rstrip(")").split("/")[:2])
        samples = int(count)
        total += samples
        by_module[module] = by_module.get(module, 0) + samples
        by_function[leaf] = by_function.get(leaf, 0) + samples
    # Shares, not times: on a busy machine py-spy also samples a thread waiting for a core.
    print(f"{stacks.stem}: {total} samples during {requests} requests; share of the samples")
    for title, table in (("module", by_module), ("function", by_function)):
        ranked = sorted(table.items(), key=lambda item: -item[1])[:top]
        print(f"  by {title}: " + "; ".join(f"{name} {100 * n / total:.1f}%" for name, n in ranked))


def machine_load() -> str:
    return "load average {:.2f} {:.2f} {:.2f} (1, 5, 15 min) on {} cores".format(
        *os.getloadavg(), os.cpu_count()
    )
