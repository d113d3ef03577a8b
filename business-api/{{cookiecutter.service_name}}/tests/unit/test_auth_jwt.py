{%- set events = cookiecutter.use_rabbitmq == "yes" or cookiecutter.websocket == "yes" -%}
"""JWT authentication: 401 for a missing, forged, expired or foreign token; 403 without scope."""

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from pydantic import SecretStr, ValidationError

from {{ cookiecutter.service_name }}.api.auth import READ_SCOPE, WRITE_SCOPE
from {{ cookiecutter.service_name }}.core.settings import Settings
from {{ cookiecutter.service_name }}.dev_token import main as dev_token
from {{ cookiecutter.service_name }}.infrastructure.jwt_tokens import mint_token
from {{ cookiecutter.service_name }}.main import create_app

from ..fakes import InMemory{{ cookiecutter.resource_name.title().replace("_", "") }}Repository{% if events %}, RecordingPublisher{% endif %}

URL = "/api/v1/{{ cookiecutter.resource_plural }}"


def claims(settings: Settings, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {
        "sub": "alice",
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "exp": now + 60,
        "scope": f"{READ_SCOPE} {WRITE_SCOPE}",
    }
    return {**base, **changes}


def signed(settings: Settings, **changes: Any) -> str:
    secret = settings.jwt_secret.get_secret_value()
    return jwt.encode(claims(settings, **changes), secret, algorithm="HS256")


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(settings) as client:
        yield client


@asynccontextmanager
async def serve(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app over an empty in-memory repository: reads past authentication answer 404."""
    app = create_app(settings)
    repository = InMemory{{ cookiecutter.resource_name.title().replace("_", "") }}Repository()
    app.state.{{ cookiecutter.resource_name }}_repository = repository
{%- if events %}
    app.state.event_publisher = RecordingPublisher()
{%- endif %}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def call(client: httpx.AsyncClient, token: str | None, method: str = "GET") -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return await client.request(method, f"{URL}/1", headers=headers)


async def test_a_valid_token_passes(client: httpx.AsyncClient, settings: Settings) -> None:
    response = await call(client, signed(settings))

    assert response.status_code == 404  # past authentication


@pytest.mark.parametrize(
    "variant",
    ["missing", "garbage", "forged", "expired", "audience", "issuer", "no_subject", "none_alg"],
)
async def test_bad_tokens_answer_401(
    client: httpx.AsyncClient,
    settings: Settings,
    variant: str,
) -> None:
    token = {
        "missing": None,
        "garbage": "not-a-jwt",
        "forged": jwt.encode(claims(settings), "another-secret-of-enough-length!!", "HS256"),
        "expired": signed(settings, exp=int(time.time()) - 3600),
        "audience": signed(settings, aud="another-service"),
        "issuer": signed(settings, iss="https://someone-else.example/"),
        "no_subject": jwt.encode(
            {k: v for k, v in claims(settings).items() if k != "sub"},
            settings.jwt_secret.get_secret_value(),
            "HS256",
        ),
        "none_alg": jwt.encode(claims(settings), "", algorithm="none"),
    }[variant]

    response = await call(client, token)

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"] == "application/problem+json"


async def test_missing_scope_answers_403(client: httpx.AsyncClient, settings: Settings) -> None:
    reader = signed(settings, scope=READ_SCOPE)

    assert (await call(client, reader)).status_code == 404
    response = await call(client, reader, method="DELETE")

    assert response.status_code == 403
    assert WRITE_SCOPE in response.json()["detail"]


async def test_health_needs_no_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).status_code == 200


@pytest.fixture
async def jwks_server() -> AsyncIterator[tuple[str, rsa.RSAPrivateKey]]:
    """A JWKS endpoint over real HTTP, publishing one RSA public key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = {**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": "k1", "use": "sig"}
    app = web.Application()

    async def keys(_: web.Request) -> web.Response:
        return web.json_response({"keys": [jwk]})

    app.router.add_get("/jwks.json", keys)
    async with TestServer(app, host="127.0.0.1") as server:
        yield str(server.make_url("/jwks.json")), key


async def test_rs256_tokens_are_checked_against_the_jwks(
    settings: Settings,
    jwks_server: tuple[str, rsa.RSAPrivateKey],
) -> None:
    url, key = jwks_server
    settings = settings.model_copy(update={"jwt_algorithm": "RS256", "jwt_jwks_url": url})
    good = jwt.encode(claims(settings), key, algorithm="RS256", headers={"kid": "k1"})
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims(settings), other_key, algorithm="RS256", headers={"kid": "k1"})
    async with serve(settings) as client:
        assert (await call(client, good)).status_code == 404
        assert (await call(client, forged)).status_code == 401


def test_rs256_needs_a_jwks_url() -> None:
    with pytest.raises(ValidationError, match="JWT_JWKS_URL"):
        Settings(jwt_algorithm="RS256")


def test_production_refuses_the_placeholder_secret() -> None:
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        Settings(environment="production")
    Settings(environment="production", jwt_secret=SecretStr("s" * 32))


def test_make_token_prints_a_token_this_service_accepts(
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dev_token([READ_SCOPE])

    token = capsys.readouterr().out.strip()
    decoded = jwt.decode(
        token,
        settings.jwt_secret.get_secret_value(),
        algorithms=["HS256"],
        audience=settings.jwt_audience,
    )
    assert decoded["scope"] == READ_SCOPE
    assert mint_token(settings, "x", []).count(".") == 2


def test_make_token_refuses_rs256(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_ALGORITHM", "RS256")
    monkeypatch.setenv("JWT_JWKS_URL", "https://auth.example.com/jwks.json")

    with pytest.raises(SystemExit, match="identity provider"):
        dev_token([])
