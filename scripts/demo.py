"""`make demo`: bake all four templates with default answers into ./demo, then run the
data-api (on its embedded SQLite default) and the business-api in front of it, create a
resource through the business-api, read it back, and stop both.
"""

import json
import shutil
import sys
import time
from contextlib import ExitStack

from tests.harness import ROOT, TEMPLATES, bake, environment
from tests.live import ServiceFailed, request, serve

DEMO = ROOT / "demo"


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


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
        data_log = DEMO / f"{data_api.name}.log"
        data_url = stack.enter_context(serve(data_api, data_venv, {}, data_log))
        step(f"{data_api.name} is up on {data_url} (log: {data_log.relative_to(ROOT)})")

        step("starting the business-api in front of it")
        api_log = DEMO / f"{business_api.name}.log"
        env = {"DATA_API_URL": data_url}
        api_url = stack.enter_context(serve(business_api, business_venv, env, api_log))
        step(f"{business_api.name} is up on {api_url} (log: {api_log.relative_to(ROOT)})")

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
    try:
        main()
    except ServiceFailed as error:
        sys.exit(f"a service failed to start: {error}")
