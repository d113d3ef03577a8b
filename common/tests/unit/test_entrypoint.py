import signal
from typing import Any

import pytest
import uvicorn

from {{ cookiecutter.service_name }}.__main__ import main


def test_a_bad_variable_stops_start_up_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "not-a-port")

    with pytest.raises(SystemExit) as raised:
        main()

    assert "was not started" in str(raised.value)
    assert "PORT: Input should be a valid integer" in str(raised.value)


def test_serves_with_a_bounded_drain_and_exits_cleanly_after_sigterm(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHUTDOWN_TIMEOUT_SECONDS", "7")
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    previous = signal.getsignal(signal.SIGTERM)
    try:
        main()
        handler = signal.getsignal(signal.SIGTERM)
    finally:
        signal.signal(signal.SIGTERM, previous)

    (options,) = calls
    assert options["timeout_graceful_shutdown"] == 7
    # uvicorn re-raises the handled SIGTERM on exit: the handler below must not end the process.
    assert callable(handler)
    assert handler(signal.SIGTERM, None) is None
