{%- from "python.j2" import from_imports -%}
"""JWT verification with PyJWT: signature (HS256 secret or RS256 keys from a JWKS URL),
expiry, issuer and audience, all required."""

import asyncio
import time

import jwt

{{ from_imports({
    cookiecutter.service_name ~ ".domain.principal": ["InvalidCredentialsError", "Principal"],
    cookiecutter.service_name ~ ".core.settings": ["Settings"],
}) }}

_REQUIRED_CLAIMS = ["exp", "iss", "aud", "sub"]


class JwtAuthenticator:
    """Verifies bearer tokens; the ``scope`` claim (space-separated) lists the scopes."""

    def __init__(self, settings: Settings) -> None:
        self._algorithm = settings.jwt_algorithm
        self._secret = settings.jwt_secret.get_secret_value()
        self._issuer = settings.jwt_issuer
        self._audience = settings.jwt_audience
        self._leeway = settings.jwt_leeway_seconds
        jwks_url = settings.jwt_jwks_url
        # PyJWKClient caches the key set; its fetch is blocking, so it runs in a thread.
        self._jwks = jwt.PyJWKClient(str(jwks_url), timeout=2) if jwks_url else None

    async def authenticate(self, credential: str) -> Principal:
        try:
            key = await self._key(credential)
            claims = jwt.decode(
                credential,
                key,
                algorithms=[self._algorithm],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": _REQUIRED_CLAIMS},
            )
        except jwt.PyJWTError as exc:
            raise InvalidCredentialsError(f"The token is not valid: {exc}") from exc
        scopes = str(claims.get("scope", "")).split()
        return Principal(subject=str(claims["sub"]), scopes=frozenset(scopes))

    async def _key(self, credential: str) -> str | jwt.PyJWK:
        if self._jwks is None:
            return self._secret
        return await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, credential)


def mint_token(settings: Settings, subject: str, scopes: list[str], ttl_seconds: int = 3600) -> str:
    """A development token signed with ``JWT_SECRET`` (HS256 only)."""
    now = int(time.time())
    claims = {
        "sub": subject,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + ttl_seconds,
        "scope": " ".join(scopes),
    }
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")
