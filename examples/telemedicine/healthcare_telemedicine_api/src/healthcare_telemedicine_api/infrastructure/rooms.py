"""Consultation rooms: an unguessable link under the video service's base URL."""

import secrets


class LinkRooms:
    def __init__(self, base_url: str) -> None:
        self._base_url = base_url.rstrip("/")

    def create(self) -> str:
        return f"{self._base_url}/{secrets.token_urlsafe(16)}"
