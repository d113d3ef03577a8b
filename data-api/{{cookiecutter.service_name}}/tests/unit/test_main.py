import asyncio
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from {{ cookiecutter.service_name }}.__main__ import main
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.domain.errors import UnavailableError
from {{ cookiecutter.service_name }}.main import purge_idempotency_keys


def test_main_serves_the_app_on_port_8001(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))

    main()

    [(app, options)] = calls
    assert isinstance(app, FastAPI)
    assert options["port"] == 8001


async def test_idempotency_keys_are_purged_periodically_despite_outages() -> None:
    calls: list[float] = []

    class Service:
        async def purge_idempotency_keys(self, older_than_seconds: float) -> int:
            calls.append(older_than_seconds)
            raise UnavailableError("database")

    task = asyncio.create_task(purge_idempotency_keys(Service(), Settings(), interval=0.01))  # type: ignore[arg-type]
    await asyncio.sleep(0.05)
    task.cancel()

    assert len(calls) >= 2
    assert set(calls) == {86400.0}
