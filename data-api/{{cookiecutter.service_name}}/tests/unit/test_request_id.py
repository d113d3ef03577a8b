import json

import pytest
from httpx import AsyncClient

from ..helpers import URL, app_on, serve


async def test_a_well_formed_request_id_is_reused_and_echoed(client: AsyncClient) -> None:
    response = await client.get("/health", headers={"X-Request-ID": "abc-123.x:y_z"})

    assert response.headers["X-Request-ID"] == "abc-123.x:y_z"


@pytest.mark.parametrize("inbound", [None, "", "x" * 129, "has space", "new\\nline"])
async def test_otherwise_one_is_generated(client: AsyncClient, inbound: str | None) -> None:
    headers = {} if inbound is None else {"X-Request-ID": inbound}

    response = await client.get("/health", headers=headers)

    generated = response.headers["X-Request-ID"]
    assert generated != inbound
    assert len(generated) == 32


async def test_problems_and_log_lines_carry_the_request_id(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    async with serve(app_on(sqlite_url, log_json=True)) as client:
        created = await client.post(URL, json={"name": "x"}, headers={"X-Request-ID": "req-1"})
        missing = await client.get(f"{URL}/999", headers={"X-Request-ID": "req-2"})

    assert created.headers["X-Request-ID"] == "req-1"
    assert missing.json()["request_id"] == "req-2"
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    [logged] = [event for event in events if event["event"].endswith(".created")]
    assert logged["request_id"] == "req-1"
    assert "request_id" not in next(e for e in events if e["event"] == "app.stopped")
