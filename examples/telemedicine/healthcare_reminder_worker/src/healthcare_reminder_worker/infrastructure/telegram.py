"""Messages to patients through the Telegram Bot API (``sendMessage``)."""

import aiohttp
from pydantic import SecretStr

from healthcare_reminder_worker.application.ports import PermanentError
from healthcare_reminder_worker.infrastructure.data_api import TRANSIENT_STATUSES


class TelegramUnavailable(Exception):
    """The Bot API did not answer, or asked to retry later."""


class TelegramMessenger:
    def __init__(
        self, session: aiohttp.ClientSession, api_url: str, token: SecretStr | None
    ) -> None:
        self._session = session
        self._api_url = api_url.rstrip("/")
        self._token = token

    async def send(self, chat_id: int, text: str) -> None:
        """Send ``text``; ``PermanentError`` when it can never be delivered (no token, a chat
        that blocked the bot), ``TelegramUnavailable`` when a retry may deliver it."""
        if self._token is None:
            raise PermanentError("BOT_TOKEN is not set: the reminder cannot be sent")
        url = f"{self._api_url}/bot{self._token.get_secret_value()}/sendMessage"
        try:
            async with self._session.post(url, json={"chat_id": chat_id, "text": text}) as answer:
                if answer.status in TRANSIENT_STATUSES:
                    raise TelegramUnavailable(f"sendMessage: {answer.status}")
                if answer.status >= 400:
                    raise PermanentError(f"sendMessage refused: {answer.status}")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise TelegramUnavailable(f"sendMessage: {exc!r}") from exc
