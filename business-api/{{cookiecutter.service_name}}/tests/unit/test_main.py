"""``python -m {{ cookiecutter.service_name }}`` wiring, with uvicorn's server replaced."""

from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from {{ cookiecutter.service_name }}.__main__ import main


def test_main_serves_the_app_on_the_configured_address(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append((app, kwargs)))
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "8123")

    main()

    [(app, kwargs)] = calls
    assert isinstance(app, FastAPI)
    assert (kwargs["host"], kwargs["port"]) == ("0.0.0.0", 8123)
    assert kwargs["log_config"] is None
