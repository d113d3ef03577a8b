"""Real PostgreSQL, Redis and RabbitMQ servers for the tests.

Each service comes from ``TEST_DATABASE_URL`` / ``TEST_REDIS_URL`` / ``TEST_RABBITMQ_URL``
when set, else from a throwaway server started from the local binaries (Debian packages
``postgresql``, ``redis-server``, ``rabbitmq-server``) on a free loopback port, with its data
in a temporary folder removed afterwards.

Fault tests get a server of their own with ``private(name)`` and stop and start it.
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


class Server:
    """A throwaway server on a fixed loopback port; ``stop()`` and ``start()`` keep its data.

    Fault tests stop a dependency while a service is using it and start it again on the
    same port, as an operator restarting it would.
    """

    scheme = ""

    def __init__(self) -> None:
        self.port = free_port()
        self.data = self.make_data_dir()
        self.log = self.data / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        raise NotImplementedError

    def make_data_dir(self) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"test-{self.scheme}-"))

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_for_port(self.port, self.process, self.log)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.data, ignore_errors=True)


class Postgres(Server):
    scheme = "postgres"

    def __init__(self) -> None:
        bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
        if not bindirs:
            raise ServiceUnavailable("PostgreSQL binaries not found (/usr/lib/postgresql/*/bin)")
        self.bindir = Path(bindirs[0])
        super().__init__()
        subprocess.run(
            as_user("postgres", [str(self.bindir / "initdb"), "-D", str(self.data / "db"),
                                 "-U", "postgres", "-A", "trust", "--no-sync"]),
            check=True, capture_output=True,
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def make_data_dir(self) -> Path:
        return owned_tempdir("postgres")

    def command(self) -> list[str]:
        return as_user("postgres", [
            str(self.bindir / "postgres"), "-D", str(self.data / "db"), "-p", str(self.port),
            "-k", str(self.data), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
        ])  # fmt: skip

    def start(self) -> None:
        super().start()
        # The port opens before the server accepts sessions: wait for "ready to accept".
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while subprocess.run(
            [str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
            capture_output=True,
        ).returncode:
            if time.monotonic() > deadline:
                raise ServiceUnavailable(f"PostgreSQL did not get ready; see {self.log}")
            time.sleep(0.1)

    def stop(self) -> None:
        # SIGTERM to the session leader = "smart" shutdown; SIGINT = "fast" (drops sessions).
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGINT)
        super().stop()


class Redis(Server):
    scheme = "redis"

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise ServiceUnavailable("redis-server not found on PATH")
        self.binary = binary
        super().__init__()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self) -> list[str]:
        # An append-only file (not synced) so that the data survives stop() and start().
        return [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "yes", "--appendfsync", "no", "--dir", str(self.data)]  # fmt: skip


class RabbitMQ(Server):
    scheme = "rabbitmq"
    binary = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")

    def __init__(self) -> None:
        if not self.binary.exists():
            raise ServiceUnavailable("rabbitmq-server not found (/usr/lib/rabbitmq/bin)")
        super().__init__()
        self.dist_port = free_port()
        (self.data / "enabled_plugins").write_text("[].\n")
        (self.data / "rabbitmq.conf").write_text("loopback_users = none\n")
        if os.geteuid() == 0:
            entry = pwd.getpwnam("rabbitmq")
            for path in (self.data / "enabled_plugins", self.data / "rabbitmq.conf"):
                os.chown(path, entry.pw_uid, entry.pw_gid)

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def make_data_dir(self) -> Path:
        return owned_tempdir("rabbitmq")

    def command(self) -> list[str]:
        env = {
            "HOME": str(self.data),
            "RABBITMQ_NODENAME": f"test{self.port}@localhost",
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.data / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.data / "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.data / "enabled_plugins"),
            "RABBITMQ_CONFIG_FILE": str(self.data / "rabbitmq"),
        }
        return as_user("rabbitmq", ["env", *(f"{k}={v}" for k, v in env.items()), str(self.binary)])


def missing_packages() -> list[str]:
    """The Debian packages whose servers this module cannot start here (none: all three run)."""
    found = {
        "postgresql": bool(glob.glob("/usr/lib/postgresql/*/bin/postgres")),
        "redis-server": shutil.which("redis-server") is not None,
        "rabbitmq-server": RabbitMQ.binary.exists(),
    }
    return [package for package, present in found.items() if not present]


SERVERS: dict[str, type[Server]] = {
    "DATABASE_URL": Postgres, "REDIS_URL": Redis, "RABBITMQ_URL": RabbitMQ,
}  # fmt: skip


@contextlib.contextmanager
def private(name: str) -> Iterator[Server]:
    """A server of its own for one test (``name``: DATABASE_URL, REDIS_URL or RABBITMQ_URL),
    started; the test may ``stop()`` and ``start()`` it; removed with its data afterwards.
    """
    server = SERVERS[name]()
    try:
        server.start()
        yield server
    finally:
        server.close()


@contextlib.contextmanager
def _url(name: str) -> Iterator[str]:
    with private(name) as server:
        yield server.url


def postgres() -> contextlib.AbstractContextManager[str]:
    return _url("DATABASE_URL")


def redis() -> contextlib.AbstractContextManager[str]:
    return _url("REDIS_URL")


def rabbitmq() -> contextlib.AbstractContextManager[str]:
    return _url("RABBITMQ_URL")


class Services:
    """Lazily provides each service's URL for the duration of a test session."""

    def __init__(self) -> None:
        self._stack = contextlib.ExitStack()
        self._urls: dict[str, str] = {}

    def url(self, name: str) -> str:
        if name not in self._urls:
            configured = os.environ.get(f"TEST_{name}")
            try:
                self._urls[name] = configured or self._stack.enter_context(_url(name))
            except (ServiceUnavailable, subprocess.CalledProcessError, OSError) as error:
                hint = HOW_TO_PROVIDE[name]
                raise ServiceUnavailable(f"{name}: {error}. To provide it: {hint}") from error
        return self._urls[name]

    def close(self) -> None:
        self._stack.close()


if __name__ == "__main__":
    services = Services()
    try:
        for name in SERVERS:
            print(f"export TEST_{name}={services.url(name)}", flush=True)
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        services.close()
