import pytest

from {{ cookiecutter.service_name }} import main as entrypoint
from {{ cookiecutter.service_name }}.application.registry import HandlerRegistry
from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings, get_settings


def test_main_configures_logging_then_runs_every_handler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[object] = []

    def fake_configure_logging(service: str, level: str, json_logs: bool) -> None:
        calls.append(("logging", service, level, json_logs))

    async def fake_run(settings: Settings, registry: HandlerRegistry) -> None:
        calls.append(("run", settings, registry.routing_keys))

    monkeypatch.setattr(entrypoint, "configure_logging", fake_configure_logging)
    monkeypatch.setattr(entrypoint, "run", fake_run)

    entrypoint.main()

    settings = get_settings()
    assert calls == [
        ("logging", SERVICE_NAME, settings.log_level, settings.log_json),
        ("run", settings, ("{{ cookiecutter.event_name }}",)),
    ]
