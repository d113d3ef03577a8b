"""Who calls the service, and the port that recognises them from a credential."""

from dataclasses import dataclass
from typing import Protocol

from {{ cookiecutter.service_name }}.domain.errors import DomainError


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller ({{ "the token's subject" if cookiecutter.auth == "jwt" else "the key's name" }}) and the scopes granted to it."""

    subject: str
    scopes: frozenset[str]


class InvalidCredentialsError(DomainError):
    """The credential is unknown, malformed, expired, revoked or not meant for this service."""


class Authenticator(Protocol):
    async def authenticate(self, credential: str) -> Principal:
        """Return the principal, or raise ``InvalidCredentialsError``."""
        ...
