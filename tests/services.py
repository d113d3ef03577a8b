"""Real PostgreSQL, Redis and RabbitMQ servers for the tests.

Each service comes from ``TEST_DATABASE_URL`` / ``TEST_REDIS_URL`` / ``TEST_RABBITMQ_URL``
when set, else from a throwaway server started from the local binaries (Debian packages
``postgresql``, ``redis-server``, ``rabbitmq-server``) on a free loopback port, with its data
in a temporary folder removed afterwards.

Run ``python -m tests.services`` to start all three and print their URLs (Ctrl-C stops them).
"""

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

STARTUP_TIMEOUT = 90.0
HOW_TO_PROVIDE = {
    "DATABASE_URL": "install postgresql (apt-get install postgresql) or set "
    "TEST_DATABASE_URL=postgresql://user:password@host:5432/postgres",
    "REDIS_URL": "install redis-server or set TEST_REDIS_URL=redis://host:6379/0",
    "RABBITMQ_URL": "install rabbitmq-server or set TEST_RABBITMQ_URL=amqp://guest:guest@host:5672/",
}


class ServiceUnavailable(RuntimeError):
    """A service is neither configured by URL nor startable from local binaries."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes] | None, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServiceUnavailable(f"server exited early; see {log}:\n{log.read_text()[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    raise ServiceUnavailable(f"nothing listened on port {port} within {STARTUP_TIMEOUT:.0f} s")


def as_user(user: str, command: list[str]) -> list[str]:
    """Run as ``user`` when we are root (PostgreSQL and RabbitMQ refuse to run as root)."""
    return ["runuser", "-u", user, "--", *command] if os.geteuid() == 0 else command


def owned_tempdir(user: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"test-{user}-"))
    if os.geteuid() == 0:
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    return folder


def stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if not bindirs:
        raise ServiceUnavailable("PostgreSQL binaries not found (/usr/lib/postgresql/*/bin)")
    bindir, port, data = Path(bindirs[0]), free_port(), owned_tempdir("postgres")
    log = data / "server.log"
    try:
        subprocess.run(
            as_user("postgres", [str(bindir / "initdb"), "-D", str(data / "db"), "-U", "postgres",
                                 "-A", "trust", "--no-sync"]),
            check=True, capture_output=True,
        )  # fmt: skip
        options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            as_user("postgres", [str(bindir / "pg_ctl"), "-D", str(data / "db"), "-o", options,
                                 "-l", str(log), "-w", "start"]),
            check=True, capture_output=True,
        )  # fmt: skip
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            as_user("postgres", [str(bindir / "pg_ctl"), "-D", str(data / "db"), "-m", "fast",
                                 "stop"]),
            capture_output=True,
        )  # fmt: skip
        shutil.rmtree(data, ignore_errors=True)


@contextlib.contextmanager
def redis() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise ServiceUnavailable("redis-server not found on PATH")
    port, data = free_port(), Path(tempfile.mkdtemp(prefix="test-redis-"))
    log = data / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
             "no", "--dir", str(data)],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_for_port(port, process, log)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)
        shutil.rmtree(data, ignore_errors=True)


@contextlib.contextmanager
def rabbitmq() -> Iterator[str]:
    binary = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")
    if not binary.exists():
        raise ServiceUnavailable("rabbitmq-server not found (/usr/lib/rabbitmq/bin)")
    port, dist_port, data = free_port(), free_port(), owned_tempdir("rabbitmq")
    log = data / "server.log"
    env = {
        "HOME": str(data),
        "RABBITMQ_NODENAME": f"test{port}@localhost",
        "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
        "RABBITMQ_NODE_PORT": str(port),
        "RABBITMQ_DIST_PORT": str(dist_port),
        "RABBITMQ_MNESIA_BASE": str(data / "mnesia"),
        "RABBITMQ_LOG_BASE": str(data / "log"),
        "RABBITMQ_ENABLED_PLUGINS_FILE": str(data / "enabled_plugins"),
        "RABBITMQ_CONFIG_FILE": str(data / "rabbitmq"),
    }
    (data / "enabled_plugins").write_text("[].\n")
    (data / "rabbitmq.conf").write_text("loopback_users = none\n")
    if os.geteuid() == 0:
        entry = pwd.getpwnam("rabbitmq")
        for path in (data / "enabled_plugins", data / "rabbitmq.conf"):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    with log.open("wb") as out:
        process = subprocess.Popen(
            as_user("rabbitmq", ["env", *(f"{k}={v}" for k, v in env.items()), str(binary)]),
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_for_port(port, process, log)
        yield f"amqp://guest:guest@127.0.0.1:{port}/"
    finally:
        stop(process)
        shutil.rmtree(data, ignore_errors=True)


STARTERS = {"DATABASE_URL": postgres, "REDIS_URL": redis, "RABBITMQ_URL": rabbitmq}


class Services:
    """Lazily provides each service's URL for the duration of a test session."""

    def __init__(self) -> None:
        self._stack = contextlib.ExitStack()
        self._urls: dict[str, str] = {}

    def url(self, name: str) -> str:
        if name not in self._urls:
            configured = os.environ.get(f"TEST_{name}")
            try:
                self._urls[name] = configured or self._stack.enter_context(STARTERS[name]())
            except (ServiceUnavailable, subprocess.CalledProcessError, OSError) as error:
                hint = HOW_TO_PROVIDE[name]
                raise ServiceUnavailable(f"{name}: {error}. To provide it: {hint}") from error
        return self._urls[name]

    def close(self) -> None:
        self._stack.close()


if __name__ == "__main__":
    services = Services()
    try:
        for name in STARTERS:
            print(f"export TEST_{name}={services.url(name)}", flush=True)
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        services.close()
