{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace("_", "") -%}
{%- set events = cookiecutter.use_rabbitmq == "yes" or cookiecutter.websocket == "yes" -%}
{%- set imports = {
    pkg ~ ".application." ~ res ~ "_service": [Res ~ "Service"],
    pkg ~ ".core.logging": ["configure_logging"],
    pkg ~ ".core.request_id": ["request_id_var"],
    pkg ~ ".core.settings": ["SERVICE_NAME", "Settings"],
    pkg ~ ".domain.errors": [Res ~ "NotFoundError"],
    pkg ~ ".domain." ~ res: [Res ~ "Changes", "New" ~ Res],
    pkg ~ ".main": ["create_app"],
} -%}
{%- if cookiecutter.auth == "none" %}{% set _ = imports.update({pkg ~ ".application.audit": ["ANONYMOUS"]}) %}{% endif -%}
"""The audit trail: an ``audit`` event for every write, with who, what, which, request, outcome."""

import json
from typing import Any

import httpx
import pytest

{{ from_imports(imports) }}

{% if events -%}
from ..fakes import InMemory{{ Res }}Repository, RecordingPublisher
{%- else -%}
from ..fakes import InMemory{{ Res }}Repository
{%- endif %}

URL = "/api/v1/{{ cookiecutter.resource_plural }}"


def audit_events(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return [line for line in lines if line["logger"] == "audit"]


async def test_each_write_is_audited_with_its_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(SERVICE_NAME, "INFO", json_logs=True)
    service = {{ Res }}Service(InMemory{{ Res }}Repository())
    token = request_id_var.set("req-7")
    try:
        created = await service.create(New{{ Res }}(name="Audited"))
        await service.create_many([New{{ Res }}(name=name) for name in ("One", "Two")])
        await service.update(created.id, {{ Res }}Changes({"name": "Renamed"}), 1)
        with pytest.raises({{ Res }}NotFoundError):
            await service.delete(99)
        await service.get(created.id)  # reads are not audited
    finally:
        request_id_var.reset(token)

    found = [
        (event["action"], event["resource_id"], event["outcome"], event.get("error"))
        for event in audit_events(capsys)
    ]
    assert found == [
        ("{{ res }}.create", created.id, "success", None),
        ("{{ res }}.create_many", [created.id + 1, created.id + 2], "success", None),
        ("{{ res }}.update", created.id, "success", None),
        ("{{ res }}.delete", 99, "failure", "{{ Res }}NotFoundError"),
    ]


async def test_the_event_names_the_caller_and_the_request(
    settings: Settings,
    auth_headers: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = create_app(settings.model_copy(update={"log_json": True}))
    app.state.{{ res }}_repository = InMemory{{ Res }}Repository()
{%- if events %}
    app.state.event_publisher = RecordingPublisher()
{%- endif %}
    headers = {**auth_headers, "X-Request-ID": "req-42"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post(URL, json={"name": "Audited"}, headers=headers)

    [event] = audit_events(capsys)
    assert event["event"] == "audit"
    assert event["actor"] == {% if cookiecutter.auth == "none" %}ANONYMOUS{% else %}"tests"{% endif %}
    assert event["request_id"] == "req-42"
    assert (event["resource_id"], event["outcome"]) == (response.json()["id"], "success")
