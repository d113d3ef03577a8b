"""What the example systems' end-to-end tests share: each service's own checks on the built
example, the running system, HTTP calls through its gateway and waiting for an effect."""

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from system.local import LocalSystem
from tests.conftest import require, require_tool
from tests.harness import check
from tests.services import Services

T = TypeVar("T")


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    headers: dict[str, str]


def call(
    method: str, url: str, body: object = None, headers: dict[str, str] | None = None
) -> Answer:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw, status, found = response.read(), response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        raw, status, found = error.read(), error.code, dict(error.headers)
    return Answer(status, json.loads(raw) if raw else None, found)


def eventually(probe: Callable[[], T | None], what: str, timeout: float = 20.0) -> T:
    deadline = time.monotonic() + timeout
    while (found := probe()) is None:
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {timeout:.0f} s")
        time.sleep(0.1)
    return found


def servers(services: Services) -> dict[str, str]:
    """The PostgreSQL, Redis and RabbitMQ URLs (a failure in CI when one is missing)."""
    return {
        name: require(services, f"{name.upper()}_URL") for name in ("database", "redis", "rabbitmq")
    }


def assert_passes_its_checks(template: str, project: Path, services: Services) -> None:
    """ruff, format, mypy --strict and the service's own tests, on real servers."""
    urls = servers(services)
    env = {
        "CI": "true",
        "DATABASE_URL": urls["database"],
        "REDIS_URL": urls["redis"],
        "RABBITMQ_URL": urls["rabbitmq"],
    }
    steps = check(template, project, env)

    failed = [f"{step.name}:\n{step.output[-3000:]}" for step in steps if not step.ok]
    assert not failed, "\n".join(failed)
    assert [step.name for step in steps] == ["ruff check", "ruff format", "mypy --strict", "pytest"]


@contextmanager
def running(
    built: Path, services: Services, logs: Path, env: Mapping[str, Mapping[str, str]]
) -> Iterator[LocalSystem]:
    """The built example as processes behind its nginx gateway, with the fake Bot API;
    ``env`` adds variables per service."""
    require_tool("/usr/sbin/nginx", "nginx")
    urls = servers(services)
    with LocalSystem.start(
        built,
        logs=logs,
        postgres=urls["database"],
        redis=urls["redis"],
        rabbitmq=urls["rabbitmq"],
        gateway=True,
        bot_api=True,
        env=env,
    ) as system:
        yield system
