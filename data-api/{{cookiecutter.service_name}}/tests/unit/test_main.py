from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from {{ cookiecutter.service_name }}.__main__ import main


def test_main_serves_the_app_on_port_8001(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))

    main()

    [(app, options)] = calls
    assert isinstance(app, FastAPI)
    assert options["port"] == 8001
