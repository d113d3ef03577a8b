"""Run baked services as real processes: ``python -m <package>`` on a free loopback port."""

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

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


@contextmanager
def serve(project: Path, venv: Path, env: Mapping[str, str], log: Path) -> Iterator[str]:
    """Start a baked service from the shared environment; yield its base URL; stop it."""
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
        yield url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
