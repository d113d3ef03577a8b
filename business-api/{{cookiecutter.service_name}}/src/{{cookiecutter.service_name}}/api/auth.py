{%- from "python.j2" import from_imports -%}
{%- set plural = cookiecutter.resource_plural -%}
{%- set audit = cookiecutter.maturity_level|int >= 4 -%}
{%- set imports = {cookiecutter.service_name ~ ".domain.principal": ["Authenticator", "InvalidCredentialsError", "Principal"]} -%}
{%- if audit %}{% set _ = imports.update({cookiecutter.service_name ~ ".application.audit": ["actor_var"]}) %}{% endif -%}
"""Authentication and scope checks (RBAC) for the API routes.

{% if cookiecutter.auth == "jwt" -%}
Clients send ``Authorization: Bearer <JWT>``; the token's ``scope`` claim (space-separated)
{%- else -%}
Clients send ``X-API-Key: <key>``; the scopes configured for the key
{%- endif %}
must include the route's scope: ``READ_SCOPE`` to read, ``WRITE_SCOPE`` to change. No or
a bad credential answers 401; a valid one without the scope answers 403.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
{%- if cookiecutter.auth == "jwt" %}
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
{%- else %}
from fastapi.security import APIKeyHeader
{%- endif %}

{{ from_imports(imports) }}

READ_SCOPE = "{{ plural }}:read"
WRITE_SCOPE = "{{ plural }}:write"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
{%- if cookiecutter.auth == "jwt" %}
_CHALLENGE = {"WWW-Authenticate": "Bearer"}
_bearer = HTTPBearer(auto_error=False, description="A JWT with the route's scope")
{%- else %}
_CHALLENGE = {"WWW-Authenticate": "ApiKey"}
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key")
{%- endif %}


async def current_principal(
    request: Request,
{%- if cookiecutter.auth == "jwt" %}
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
{%- else %}
    api_key: Annotated[str | None, Depends(_api_key)],
{%- endif %}
) -> Principal:
    """The authenticated caller; 401 when there is no valid credential."""
{%- if cookiecutter.auth == "jwt" %}
    credential = credentials.credentials if credentials is not None else None
{%- else %}
    credential = api_key
{%- endif %}
    if not credential:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Credentials are required", _CHALLENGE)
    authenticator: Authenticator = request.app.state.authenticator
    try:
{%- if audit %}
        principal = await authenticator.authenticate(credential)
{%- else %}
        return await authenticator.authenticate(credential)
{%- endif %}
    except InvalidCredentialsError as exc:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, str(exc), _CHALLENGE) from exc
{%- if audit %}
    actor_var.set(principal.subject)  # the "who" of the audit trail
    return principal
{%- endif %}


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def _check(principal: Principal, scope: str) -> Principal:
    if scope not in principal.scopes:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"The {scope} scope is required")
    return principal


async def authorize(request: Request, principal: PrincipalDep) -> Principal:
    """Router-wide check: reading needs ``READ_SCOPE``, anything else ``WRITE_SCOPE``."""
    return _check(principal, READ_SCOPE if request.method in _SAFE_METHODS else WRITE_SCOPE)


def require_scope(scope: str) -> Callable[[Principal], Awaitable[Principal]]:
    """A route-level check for another scope: ``dependencies=[Depends(require_scope("x"))]``."""

    async def check(principal: PrincipalDep) -> Principal:
        return _check(principal, scope)

    return check
