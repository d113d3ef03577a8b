{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set auth = cookiecutter.auth != "none" -%}
{%- set imports = {pkg ~ ".infrastructure.broadcast": ["LocalHub"]} -%}
{%- if auth %}{% set _ = imports.update({
    pkg ~ ".api.auth": ["READ_SCOPE"],
    pkg ~ ".domain.principal": ["Authenticator", "InvalidCredentialsError"],
}) %}{% endif -%}
"""A WebSocket that pushes every change: one event envelope (JSON) per message.

``{"type": "heartbeat"}`` is sent every ``WEBSOCKET_HEARTBEAT_SECONDS`` when nothing else
is, so idle connections stay open and dead ones are noticed.
{%- if auth %}
The connection needs the read scope: a credential in the
{{ "``Authorization: Bearer``" if cookiecutter.auth == "jwt" else "``X-API-Key``" }} header (or, for browsers, which cannot set headers,
in the ``access_token`` query parameter). Without one, the socket is closed with code 1008
(policy violation).
{%- endif %}
"""

import asyncio
import json

from fastapi import APIRouter, WebSocket, WebSocketDisconnect{% if auth %}, status{% endif %}

{{ from_imports(imports) }}

router = APIRouter()
HEARTBEAT = json.dumps({"type": "heartbeat"})
{%- if auth %}


def _credential(websocket: WebSocket) -> str | None:
{%- if cookiecutter.auth == "jwt" %}
    header = websocket.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token:
        return token
{%- else %}
    key = websocket.headers.get("x-api-key")
    if key:
        return key
{%- endif %}
    return websocket.query_params.get("access_token")


async def _authorized(websocket: WebSocket) -> bool:
    credential = _credential(websocket)
    if credential is None:
        return False
    authenticator: Authenticator = websocket.app.state.authenticator
    try:
        principal = await authenticator.authenticate(credential)
    except InvalidCredentialsError:
        return False
    return READ_SCOPE in principal.scopes
{%- endif %}


@router.websocket("/api/v1/{{ cookiecutter.resource_plural }}/events")
async def {{ cookiecutter.resource_name }}_events(websocket: WebSocket) -> None:
    await websocket.accept()
{%- if auth %}
    if not await _authorized(websocket):
        await websocket.close(status.WS_1008_POLICY_VIOLATION, "A valid credential is required")
        return
{%- endif %}
    hub: LocalHub = websocket.app.state.event_hub
    heartbeat: float = websocket.app.state.websocket_heartbeat_seconds
    subscription = hub.subscribe()
    listener = asyncio.create_task(_until_closed(websocket))
    try:
        while not subscription.dropped.is_set():
            getter = asyncio.create_task(subscription.queue.get())
            done, _ = await asyncio.wait(
                {getter, listener}, timeout=heartbeat, return_when=asyncio.FIRST_COMPLETED
            )
            if listener in done:
                getter.cancel()
                return
            if getter in done:
                await websocket.send_text(getter.result())
            else:
                getter.cancel()
                await websocket.send_text(HEARTBEAT)
        await websocket.close(1013, "Too far behind; reconnect")  # 1013: try again later
    except WebSocketDisconnect:
        pass
    finally:
        hub.unsubscribe(subscription)
        listener.cancel()


async def _until_closed(websocket: WebSocket) -> None:
    """Read (and ignore) what the client sends, until it disconnects."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
