import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from httpx import AsyncClient
from pydantic import ValidationError

from {{ cookiecutter.service_name }}.core.settings import Settings

from ..helpers import URL, app_on, serve

KEY = "k" * 32
SECRET = "s" * 32


def token(**claims: Any) -> str:
    return jwt.encode({"sub": "billing", "exp": time.time() + 60, **claims}, SECRET, "HS256")


@pytest.fixture
async def secured(sqlite_url: str) -> Any:
    app = app_on(sqlite_url, api_keys=f"reporting:{KEY}", jwt_key=SECRET, jwt_audience="data")
    async with serve(app) as client:
        yield client


async def test_the_api_is_open_when_no_credentials_are_configured(client: AsyncClient) -> None:
    assert (await client.get(URL)).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-API-Key": "wrong"},
        {"Authorization": "Bearer not-a-jwt"},
        {"Authorization": f"Bearer {token()}"},
        {"Authorization": f"Bearer {token(aud='data', exp=time.time() - 5)}"},
        {"Authorization": "Basic dXNlcjpwdw=="},
    ],
)
async def test_callers_without_valid_credentials_get_a_401_problem(
    secured: AsyncClient, headers: dict[str, str]
) -> None:
    response = await secured.get(URL, headers=headers)

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert "Bearer" in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize(
    "headers",
    [{"X-API-Key": KEY}, {"Authorization": f"Bearer {token(aud='data')}"}],
)
async def test_an_api_key_or_a_token_lets_callers_in(
    secured: AsyncClient, headers: dict[str, str]
) -> None:
    assert (await secured.post(URL, json={"name": "x"}, headers=headers)).status_code == 201


def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


async def test_rs256_tokens_are_verified_with_the_configured_public_key(sqlite_url: str) -> None:
    signer, impostor = rsa_key(), rsa_key()
    public_key = signer.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    claims = {"sub": "billing", "exp": time.time() + 60}
    app = app_on(sqlite_url, jwt_key=public_key.decode(), jwt_algorithm="RS256")

    async with serve(app) as client:
        signed = {"Authorization": f"Bearer {jwt.encode(claims, signer, 'RS256')}"}
        assert (await client.post(URL, json={"name": "x"}, headers=signed)).status_code == 201
        for forged in [jwt.encode(claims, impostor, "RS256"), token()]:
            headers = {"Authorization": f"Bearer {forged}"}
            assert (await client.get(URL, headers=headers)).status_code == 401


async def test_probes_and_metrics_stay_open(secured: AsyncClient) -> None:
    for path in ["/health", "/ready", "/metrics"]:
        assert (await secured.get(path)).status_code == 200


def test_api_keys_are_name_key_pairs() -> None:
    settings = Settings(api_keys=" billing:abc , xyz ")

    keys = {name: key.get_secret_value() for name, key in settings.api_keys.items()}
    assert keys == {"billing": "abc", "key-2": "xyz"}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({}, "callers must authenticate"),
        ({"api_keys": "billing:short"}, "at least 32 characters"),
        ({"jwt_key": "short"}, "at least 32 characters"),
    ],
)
def test_production_refuses_missing_or_weak_credentials(
    settings: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Settings.model_validate({"environment": "production", **settings})


def test_production_accepts_strong_credentials() -> None:
    assert Settings(environment="production", api_keys=f"billing:{KEY}").api_keys
    assert Settings(environment="production", jwt_key="pem", jwt_algorithm="RS256").jwt_key
