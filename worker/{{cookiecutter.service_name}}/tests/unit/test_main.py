import asyncio
import logging
import runpy
import socket
from collections.abc import Iterator

import pytest
import structlog

from {{ cookiecutter.service_name }} import main as entrypoint
from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.reset_defaults()


def test_main_runs_every_handler_with_the_environment_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs: list[Settings] = []

    async def fake_run(settings: Settings) -> None:
        runs.append(settings)

    monkeypatch.setattr(entrypoint, "run", fake_run)
    monkeypatch.setenv("RABBITMQ_PREFETCH", "7")
    monkeypatch.setenv("LOG_LEVEL", "warning")

    entrypoint.main()

    [settings] = runs
    assert settings.rabbitmq_prefetch == 7
    assert logging.getLogger().level == logging.WARNING


def test_a_bad_variable_stops_start_up_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RABBITMQ_PREFETCH", "many")

    with pytest.raises(SystemExit) as exit_info:
        entrypoint.main()

    message = str(exit_info.value.code)
    assert message.startswith(f"Invalid configuration, {SERVICE_NAME} was not started: ")
    assert "RABBITMQ_PREFETCH" in message
    assert "\n" not in message


def test_a_forced_exit_ends_the_process_with_status_1(monkeypatch: pytest.MonkeyPatch) -> None:
    async def cancelled_run(settings: Settings) -> None:
        raise asyncio.CancelledError

    monkeypatch.setattr(entrypoint, "run", cancelled_run)

    with pytest.raises(SystemExit) as exit_info:
        entrypoint.main()

    assert exit_info.value.code == 1


def test_importing_the_package_main_module_starts_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[bool] = []
    monkeypatch.setattr(entrypoint, "main", lambda: started.append(True))

    runpy.run_module("{{ cookiecutter.service_name }}.__main__", run_name="imported")
    assert started == []

    runpy.run_module("{{ cookiecutter.service_name }}.__main__", run_name="__main__")
    assert started == [True]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_an_unreachable_broker_stops_start_up_and_frees_the_health_port() -> None:
    health_port = _free_port()
    settings = Settings(
        rabbitmq_url=f"amqp://guest:guest@127.0.0.1:{_free_port()}/", port=health_port
    )

    with pytest.raises(ConnectionError):
        await entrypoint.run(settings)

    # Nothing listens any more. (A bind could fail on another process's outgoing
    # connection that the kernel gave the same local port.)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", health_port), timeout=1).close()


def test_the_topology_follows_the_settings() -> None:
    settings = Settings(rabbitmq_queue="q.x.events", retry_delays_seconds=(1.0, 5.0))

    topology = entrypoint.topology_of(settings)

    assert topology.retry_queues == ("q.x.events.retry.1000ms", "q.x.events.retry.5000ms")
    assert topology.exchange == settings.rabbitmq_exchange
