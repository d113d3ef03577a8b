{%- from "python.j2" import from_imports -%}
"""API keys, kept hashed: the service stores SHA-256 digests, never the keys themselves.

Keys are long random tokens (``make token`` mints one), so one SHA-256 round is enough: a
digest cannot be reversed, and a lookup stays a dictionary access. Several keys may be
active at once (rotation); a key is revoked by marking its entry ``revoked`` (or removing it).
"""

import hashlib
import secrets

{{ from_imports({
    cookiecutter.service_name ~ ".core.settings": ["ApiKeyEntry"],
    cookiecutter.service_name ~ ".domain.principal": ["InvalidCredentialsError", "Principal"],
}) }}


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_api_key() -> str:
    """A new random key (256 bits), to hand to a client once."""
    return secrets.token_urlsafe(32)


class ApiKeyAuthenticator:
    """Looks a presented key's digest up among the active entries."""

    def __init__(self, entries: list[ApiKeyEntry]) -> None:
        self._active = {entry.sha256: entry for entry in entries if not entry.revoked}

    async def authenticate(self, credential: str) -> Principal:
        entry = self._active.get(digest(credential))
        if entry is None:
            raise InvalidCredentialsError("The API key is unknown or revoked")
        return Principal(subject=entry.name, scopes=frozenset(entry.scopes))
