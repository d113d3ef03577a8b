"""What the example systems' end-to-end tests share: HTTP calls through the gateway,
waiting for an effect, and each service's own checks on the built example."""

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tests.conftest import require
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


def assert_passes_its_checks(template: str, project: Path, urls: dict[str, str]) -> None:
    """ruff, format, mypy --strict and the service's own tests, on real servers."""
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
