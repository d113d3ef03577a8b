from typing import Any

import pytest
from fastapi import FastAPI

from {{ cookiecutter.service_name }} import __main__


def test_main_serves_the_app_on_port_8001(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.setattr(__main__.uvicorn, "run", lambda app, **kw: calls.append((app, kw)))

    __main__.main()

    [(app, options)] = calls
    assert isinstance(app, FastAPI)
    assert options["port"] == 8001
