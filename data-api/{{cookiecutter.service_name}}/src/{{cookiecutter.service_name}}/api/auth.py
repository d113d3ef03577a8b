{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
"""Service-to-service authentication of the API's callers: an API key (``X-API-Key``) or a
JWT (``Authorization: Bearer``), as configured; open when neither is (local development)."""

import hmac
from typing import Annotated

import structlog
from fastapi import Depends, HTTPException, params, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

{{ from_imports({
    pkg ~ ".api.dependencies": ["SettingsDep"],
    pkg ~ ".core.caller": ["set_caller"],
    pkg ~ ".core.settings": ["Settings"],
}) }}

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)
bearer = HTTPBearer(auto_error=False)

ApiKey = Annotated[str | None, Depends(api_key_header)]
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def unauthorized(detail: str) -> HTTPException:
    challenge = {"WWW-Authenticate": 'Bearer, ApiKey realm="{{ cookiecutter.service_name }}"'}
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail, headers=challenge)


def auth_dependencies(settings: Settings) -> list[params.Depends]:
    """What the API's routes depend on: ``authenticate`` when API keys or a JWT key are
    configured; nothing when neither is (callers are then ``anonymous``)."""
    if not settings.api_keys and settings.jwt_key is None:
        return []
    return [Depends(authenticate)]


async def authenticate(settings: SettingsDep, api_key: ApiKey, token: Bearer) -> str:
    """The caller's name, also kept for the audit trail and the logs; 401 otherwise."""
    if api_key is not None:
        caller = caller_of_api_key(settings, api_key)
    elif token is not None and settings.jwt_key is not None:
        caller = caller_of_token(settings, settings.jwt_key.get_secret_value(), token.credentials)
    else:
        raise unauthorized("Send an API key (X-API-Key) or a bearer token")
    set_caller(caller)
    structlog.contextvars.bind_contextvars(caller=caller)
    return caller


def caller_of_api_key(settings: Settings, given: str) -> str:
    """The name configured with the key (``API_KEYS=name:key,...``); every key is compared,
    in constant time."""
    found = None
    for name, key in settings.api_keys.items():
        if hmac.compare_digest(key.get_secret_value().encode(), given.encode()):
            found = name
    if found is None:
        raise unauthorized("Unknown API key")
    return found


def caller_of_token(settings: Settings, key: str, token: str) -> str:
    """The subject of a valid JWT: signature, expiry and (when set) audience and issuer.
    PyJWT is imported here: a service without ``JWT_KEY`` does not load it and its
    cryptography library (some 9 MB)."""
    import jwt

    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[settings.jwt_algorithm],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": ["exp", "sub"]},
        )
    except jwt.InvalidTokenError as error:
        raise unauthorized(f"Invalid bearer token: {error}") from error
    return str(claims["sub"])
