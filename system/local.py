"""Run a baked system as processes on this machine: its services, an nginx gateway in front of
the public ones and a fake Telegram Bot API for its bots (system/bot_api.py).

```python
with LocalSystem.start(root, logs=tmp / "logs", postgres=url, redis=url, rabbitmq=url,
                       gateway=True, bot_api=True) as system:
    system.url("healthcare_telemedicine_api")      # a service's own base URL
    system.gateway_url                             # nginx in front of the public services
    system.bot_api.push_message(42, "/start")      # an update for the bot
    system.bot_api.wait_for_message(42, "Hello")   # what the bot sent to chat 42
    system.log_lines("healthcare_reminder_worker")  # its JSON log lines
```

Each service gets the environment the system's ``docker-compose.yml`` gives it (render.py's
``wiring``: the URLs of what it calls and uses), with local addresses: its own free port, one
new database per data-api on the given PostgreSQL server (migrated with ``alembic upgrade
head``), the given Redis and RabbitMQ (or throwaway ones started from the local binaries, see
tests/services.py), ``LOG_JSON=true``; bots, and any service whose ``.env.example`` names
``BOT_TOKEN`` or ``TELEGRAM_API_URL`` (a worker sending reminders), a token of the fake Bot
API and its URL. ``env`` adds variables per service. Services start in dependency order,
each once its ``/health`` and ``/ready`` answer 200, and stop with SIGTERM in the reverse
order.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from system.bot_api import FakeBotApi
from system.description import load
from system.render import Addresses, Node, gateway, nodes, start_order, wiring
from tests.harness import environment
from tests.live import forget_keys, migrate, run_sql
from tests.services import ServiceUnavailable, free_port, private

STARTUP_TIMEOUT = 60.0
NGINX = "/usr/sbin/nginx"
SERVERS = {"postgres": "DATABASE_URL", "redis": "REDIS_URL", "rabbitmq": "RABBITMQ_URL"}


class ServiceFailed(RuntimeError):
    """A service exited or did not get ready; the message carries the end of its log."""


def get(url: str, timeout: float = 2.0) -> int:
    """The status of a GET, 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def read_json_lines(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a log file, one a line; other lines (tracebacks) are skipped."""
    found = []
    if path.exists():
        for line in path.read_text(errors="replace").splitlines():
            with contextlib.suppress(ValueError):
                value = json.loads(line)
                if isinstance(value, dict):
                    found.append(value)
    return found


# The services.


def _talks_to_telegram(project: Path) -> bool:
    """Whether a service reads the Bot API's settings (its .env.example names them)."""
    example = project / ".env.example"
    text = example.read_text() if example.exists() else ""
    return re.search(r"^#? ?(BOT_TOKEN|TELEGRAM_API_URL)=", text, re.M) is not None


@dataclass
class ServiceProcess:
    """One service of the system, run with ``python -m <name>`` from its template's venv."""

    node: Node
    project: Path
    venv: Path
    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if self.running:
            raise RuntimeError(f"{self.name} is running already")
        inherited = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
        environ = {
            key: value
            for key, value in os.environ.items()
            if not key.endswith("_URL") and key not in inherited
        }
        environ |= self.env
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(self.venv / "bin" / "python"), "-m", self.name],
                cwd=self.project,
                env=environ,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        for path in ("/health", "/ready"):
            while (status := get(self.url + path)) not in (200, 404):
                if self.process is None or self.process.poll() is not None:
                    raise ServiceFailed(f"{self.name} exited:\n{self.tail()}")
                if time.monotonic() > deadline:
                    raise ServiceFailed(
                        f"{self.name}: {path} answered {status or 'nothing'} for "
                        f"{STARTUP_TIMEOUT:.0f} s:\n{self.tail()}"
                    )
                time.sleep(0.1)

    def stop(self, timeout: float = 30.0) -> int | None:
        """SIGTERM, then SIGKILL after ``timeout`` s; the exit status (None: not running)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return None if process is None else process.returncode
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            return process.wait()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def tail(self, characters: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-characters:] if self.log.exists() else ""


class Gateway:
    """nginx in front of the system's public services, on a free loopback port."""

    def __init__(self, config: str, folder: Path, port: int) -> None:
        binary = NGINX if Path(NGINX).exists() else shutil.which("nginx")
        if binary is None:
            raise ServiceUnavailable("nginx not found: apt-get install nginx")
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o755)  # a root master's workers run as nobody
        (folder / "default.conf").write_text(config)
        user = "user root;\n" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            f"{user}pid {folder}/nginx.pid;\nworker_processes 1;\n"
            "events { worker_connections 1024; }\n"
            "http {\n    include /etc/nginx/mime.types;\n"
            "    default_type application/octet-stream;\n"
            + "".join(f"    {kind}_temp_path {folder}/{kind};\n" for kind in _TEMP)
            + f"    include {folder}/default.conf;\n}}\n"
        )
        self.command = [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"),
                        "-e", str(folder / "error.log")]  # fmt: skip
        self.process: subprocess.Popen[bytes] | None = None

    def test(self) -> str:
        """``nginx -t``: its complaints, empty when the configuration is valid."""
        result = subprocess.run([*self.command, "-t"], capture_output=True, text=True)
        return result.stderr if result.returncode or "[warn]" in result.stderr else ""

    def start(self) -> None:
        with (self.folder / "nginx.out").open("ab") as out:
            self.process = subprocess.Popen(
                [*self.command, "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 10
        while get(f"{self.url}/gateway/health") != 200:
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = (self.folder / "error.log").read_text(errors="replace")
                raise ServiceFailed(f"nginx did not start:\n{log}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish requests in flight
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


_TEMP = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


class LocalSystem:
    """A running system; made by ``LocalSystem.start`` (a context manager)."""

    def __init__(self, root: Path, logs: Path) -> None:
        self.root = root
        self.logs = logs
        self.description = load(root / "system.yaml")
        self.nodes = nodes(self.description, root)
        self.services: dict[str, ServiceProcess] = {}
        self.gateway: Gateway | None = None
        self.bot_api: FakeBotApi = None  # type: ignore[assignment]  # set by start(bot_api=True)
        self.databases: dict[str, str] = {}  # data-api: its database URL

    @classmethod
    @contextlib.contextmanager
    def start(
        cls,
        root: Path,
        *,
        logs: Path,
        postgres: str | None = None,
        redis: str | None = None,
        rabbitmq: str | None = None,
        gateway: bool = False,
        bot_api: bool = False,
        env: Mapping[str, Mapping[str, str]] | None = None,
        gateway_rate_limit: str = "100r/s",
        progress: Callable[[str], None] = lambda message: None,
    ) -> Iterator["LocalSystem"]:
        """Start the system at ``root`` (its ``system.yaml`` beside its services); yield it
        running; stop everything and drop its databases and Redis keys at the end.

        A server URL left out is a throwaway server from the local binaries, when a service
        uses it. Bots run only with ``bot_api`` (they need a Bot API to talk to). ``env``
        adds variables per service, over the system's own.
        """
        system = cls(Path(root), Path(logs))
        system.logs.mkdir(parents=True, exist_ok=True)
        with contextlib.ExitStack() as stack:
            given = {"postgres": postgres, "redis": redis, "rabbitmq": rabbitmq}
            urls = system._servers(given, stack, progress)
            if bot_api:
                system.bot_api = FakeBotApi()
                stack.callback(system.bot_api.close)
                progress(f"fake Telegram Bot API on {system.bot_api.url}")
            gateway_port = free_port() if gateway else None
            system._prepare(urls, dict(env or {}), gateway_port, bot_api, stack, progress)
            stack.callback(system._stop_all)
            for service in system.services.values():
                progress(f"starting {service.name} on {service.url}")
                service.start()
            if gateway_port is not None:
                system._start_gateway(gateway_port, gateway_rate_limit)
                progress(f"nginx gateway on {system.gateway_url}")
            yield system

    # What tests use.

    def url(self, name: str) -> str:
        return self.services[name].url

    @property
    def gateway_url(self) -> str:
        if self.gateway is None:
            raise RuntimeError("the system was started without gateway=True")
        return self.gateway.url

    def log_path(self, name: str) -> Path:
        """A service's log, or the gateway's access log (``gateway``)."""
        return self.logs / f"{name}.log"

    def log_lines(self, name: str) -> list[dict[str, Any]]:
        """The JSON lines a service (or ``gateway``) has logged so far."""
        return read_json_lines(self.log_path(name))

    def wait_for_log(
        self, name: str, timeout: float = 15.0, **fields: object
    ) -> list[dict[str, Any]]:
        """The lines of a service's log with these fields, once there is one (or none in time).

        A service logs an update or a message as it finishes it, a moment after its reply.
        """
        deadline = time.monotonic() + timeout
        while True:
            lines = [
                line
                for line in self.log_lines(name)
                if all(line.get(key) == value for key, value in fields.items())
            ]
            if lines or time.monotonic() > deadline:
                return lines
            time.sleep(0.1)

    def stop_service(self, name: str) -> int | None:
        """SIGTERM to a service; its exit status once it stopped."""
        return self.services[name].stop()

    def start_service(self, name: str) -> None:
        """Start a stopped service again, on its port; return once it is ready."""
        self.services[name].start()

    def summary(self) -> list[str]:
        """One line per running process: name, URL, pid and log."""
        lines = [
            f"{service.name:<32} {service.node.template:<13} {service.url:<24} "
            f"pid {service.process.pid if service.process else '-':<8} "
            f"{self.log_path(service.name)}"
            for service in self.services.values()
        ]
        if self.gateway is not None:
            lines.append(
                f"{'gateway':<32} {'nginx':<13} {self.gateway.url:<24} "
                f"pid {self.gateway.process.pid if self.gateway.process else '-':<8} "
                f"{self.log_path('gateway')}"
            )
        return lines

    # Start-up.

    def _servers(
        self,
        given: dict[str, str | None],
        stack: contextlib.ExitStack,
        progress: Callable[[str], None],
    ) -> dict[str, str]:
        uses = set().union(*(node.uses for node in self.nodes))
        urls = {}
        for name, variable in SERVERS.items():
            url = given[name]
            if url is None and variable in uses:
                progress(f"starting a throwaway {name} server from the local binaries")
                url = stack.enter_context(private(variable)).url
            if url is not None:
                urls[name] = url
        return urls

    def _prepare(
        self,
        urls: dict[str, str],
        env: dict[str, Mapping[str, str]],
        gateway_port: int | None,
        bot_api: bool,
        stack: contextlib.ExitStack,
        progress: Callable[[str], None],
    ) -> None:
        ports = {node.name: free_port() for node in self.nodes}
        runnable = [node for node in start_order(self.nodes) if node.template != "bot" or bot_api]
        venvs = {}
        for node in runnable:
            progress(f"environment of {node.name} ({node.template}; uv, shared cache)")
            venvs[node.name] = environment(node.template, self.root / node.name)
        on_redis = [node for node in runnable if "REDIS_URL" in node.uses]
        if on_redis and "redis" in urls:
            # The databases are new: cached rows and claimed event ids of a former run go too.
            names = [node.name for node in on_redis]
            venv = venvs[on_redis[0].name]
            forget_keys(venv, urls["redis"], names)
            stack.callback(forget_keys, venv, urls["redis"], names)
        for node in runnable:
            if node.template == "data-api" and "postgres" in urls:
                self.databases[node.name] = self._database(node, urls["postgres"], venvs, stack)
                progress(f"database of {node.name} created and migrated")
        addresses = Addresses(
            database=lambda node: self.databases.get(node.name),
            redis=urls.get("redis", ""),
            rabbitmq=urls.get("rabbitmq", ""),
            service=lambda node: f"http://127.0.0.1:{ports[node.name]}",
        )
        tokens = {
            node.name: self.bot_api.add_bot(node.name)
            for node in runnable
            if node.template == "bot"
        }
        for node in runnable:
            variables = wiring(node, self.nodes, addresses)
            variables |= {"HOST": "127.0.0.1", "PORT": str(ports[node.name]), "LOG_JSON": "true"}
            variables["PYTHONPATH"] = str(self.root / node.name / "src")
            if bot_api and (node.name in tokens or _talks_to_telegram(self.root / node.name)):
                # A service that sends Telegram messages itself (e.g. a worker's reminders)
                # does so as the system's bot.
                token = tokens.get(node.name) or next(iter(tokens.values()), None)
                variables["BOT_TOKEN"] = token or self.bot_api.add_bot(node.name)
                variables["TELEGRAM_API_URL"] = self.bot_api.url
            if node.template == "bot" and node.public:
                base = f"http://127.0.0.1:{gateway_port}/{node.host}" if gateway_port else ""
                variables["WEBHOOK_BASE_URL"] = base or f"http://127.0.0.1:{ports[node.name]}"
                secret = f"local-webhook-secret-of-{node.host}"
                variables["WEBHOOK_SECRET"] = secret.ljust(32, "0")
            variables |= env.get(node.name, {})
            self.services[node.name] = ServiceProcess(
                node, self.root / node.name, venvs[node.name], ports[node.name], variables,
                self.log_path(node.name),
            )  # fmt: skip

    def _database(
        self,
        node: Node,
        server: str,
        venvs: dict[str, Path],
        stack: contextlib.ExitStack,
    ) -> str:
        """A new database for a data-api on the PostgreSQL server, migrated; dropped at exit."""
        name = f"{node.name}_{uuid.uuid4().hex[:8]}"
        venv = venvs[node.name]
        run_sql(venv, server, f"CREATE DATABASE {name}")
        stack.callback(run_sql, venv, server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        url = f"{server.rsplit('/', 1)[0]}/{name}"
        migrate(self.root / node.name, venv, url)
        return url

    def _start_gateway(self, port: int, rate_limit: str) -> None:
        upstreams = {name: f"127.0.0.1:{service.port}" for name, service in self.services.items()}
        config = gateway(
            self.description,
            [node for node in self.nodes if node.name in self.services],
            upstreams,
            listen=f"127.0.0.1:{port}",
            access_log=str(self.log_path("gateway")),
            rate_limit=rate_limit,
            local=True,
        )
        self.gateway = Gateway(config, self.logs / "nginx", port)
        self.gateway.start()

    def _stop_all(self) -> None:
        if self.gateway is not None:
            self.gateway.stop()
        for service in reversed(list(self.services.values())):
            service.stop()
