"""Messages to borrowers through the Telegram Bot API's HTTP endpoint (``sendMessage``)."""

import aiohttp
import structlog

logger = structlog.get_logger(__name__)

# Worth another delivery of the event: the Bot API is down, overloaded or rate-limiting.
TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})


class BotApiUnavailable(Exception):
    """The Bot API did not take the message now; the event is retried later."""


class BotApiNotifier:
    """Sends as the bot whose token it holds; a chat that refuses (blocked bot, unknown
    chat) is logged and skipped: the score is recorded all the same."""

    def __init__(self, session: aiohttp.ClientSession, api_url: str, token: str) -> None:
        self._session = session
        self._url = f"{api_url.rstrip('/')}/bot{token}/sendMessage"

    async def send(self, chat_id: int, text: str) -> None:
        body = {"chat_id": chat_id, "text": text}
        try:
            async with self._session.post(self._url, json=body) as response:
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise BotApiUnavailable(f"sendMessage: {exc.__class__.__name__}") from exc
        if status in TRANSIENT_STATUSES:
            raise BotApiUnavailable(f"sendMessage: {status}")
        if status != 200:
            logger.warning("borrower.not_notified", chat_id=chat_id, status=status)
