"""`make demo`: bake all four templates with default answers into ./demo, then run the
data-api (on its embedded SQLite default) and the business-api in front of it, create a
resource through the business-api, read it back, and stop both.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from tests.harness import ROOT, TEMPLATES, bake, environment
from tests.services import free_port

DEMO = ROOT / "demo"
STARTUP_TIMEOUT = 60.0


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def request(method: str, url: str, body: object = None) -> tuple[int, object]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def wait_healthy(name: str, url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} exited with {process.returncode}; its log:\n{log.read_text()}")
        try:
            if request("GET", f"{url}/health")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"{name} did not answer {url}/health within {STARTUP_TIMEOUT:.0f} s; see {log}")


def start(stack: ExitStack, project: Path, venv: Path, env: dict[str, str]) -> str:
    """Run ``python -m <package>`` for a baked project on a free port; return its URL."""
    port = free_port()
    log = DEMO / f"{project.name}.log"
    environ = {k: v for k, v in os.environ.items() if not k.endswith("_URL")}
    environ |= {"HOST": "127.0.0.1", "PORT": str(port), "LOG_JSON": "false", **env}
    environ["PYTHONPATH"] = str(project / "src")  # the shared environment has no project installed
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(venv / "bin" / "python"), "-m", project.name],
            cwd=project, env=environ, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    stack.callback(stop, process)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(project.name, url, process, log)
    step(f"{project.name} is up on {url} (log: {log.relative_to(ROOT)})")
    return url


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> None:
    started = time.monotonic()
    shutil.rmtree(DEMO, ignore_errors=True)
    projects = {}
    for template in TEMPLATES:
        projects[template] = bake(template, DEMO)
        step(f"baked {template} -> {projects[template].relative_to(ROOT)}")

    data_api, business_api = projects["data-api"], projects["business-api"]
    step("installing their dependencies (uv, shared cache)")
    data_venv = environment("data-api", data_api)
    business_venv = environment("business-api", business_api)

    with ExitStack() as stack:
        step("starting the data-api on its embedded SQLite database")
        data_url = start(stack, data_api, data_venv, {})
        step("starting the business-api in front of it")
        api_url = start(stack, business_api, business_venv, {"DATA_API_URL": data_url})

        body = {"name": "First item", "description": "created by make demo"}
        status, created = request("POST", f"{api_url}/api/v1/items", body)
        step(f"POST {api_url}/api/v1/items -> {status} {json.dumps(created)}")
        if status != 201 or not isinstance(created, dict):
            sys.exit("creating the item through the business-api failed")
        status, read = request("GET", f"{api_url}/api/v1/items/{created['id']}")
        step(f"GET  {api_url}/api/v1/items/{created['id']} -> {status} {json.dumps(read)}")
        if status != 200 or read != created:
            sys.exit("reading the item back through the business-api failed")
        step("stopping both services")
    step(f"done in {time.monotonic() - started:.1f} s; the baked services stay in ./demo")


if __name__ == "__main__":
    main()
