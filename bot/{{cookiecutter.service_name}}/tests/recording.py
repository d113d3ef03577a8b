"""A Bot API session that records each request and answers it without any network."""

from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import EditMessageText, GetMe, SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, Message, User

from tests.fake_telegram import BOT_USER, TOKEN


class RecordingSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 - aiogram's signature
    ) -> TelegramType:
        self.requests.append(method)
        return cast("TelegramType", self._answer(method))

    def _answer(self, method: TelegramMethod[Any]) -> Any:
        match method:
            case SendMessage() | EditMessageText():
                return Message(
                    message_id=getattr(method, "message_id", None) or len(self.requests),
                    date=datetime.now(UTC),
                    chat=Chat(id=int(method.chat_id or 0), type="private"),
                    from_user=User.model_validate(BOT_USER),
                    text=method.text,
                )
            case GetMe():
                return User.model_validate(BOT_USER)
            case _:
                return True

    def sent(self, kind: type[TelegramMethod[Any]]) -> list[Any]:
        return [request for request in self.requests if isinstance(request, kind)]

    def texts(self) -> list[str]:
        """What the bot sent or edited, in order."""
        return [
            str(request.text)
            for request in self.requests
            if isinstance(request, SendMessage | EditMessageText)
        ]

    async def close(self) -> None:
        pass

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 - aiogram's signature
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[{{ "bytes" if cookiecutter.python_version == "3.13" else "bytes, None" }}]:  # pragma: no cover - no downloads
        raise NotImplementedError
        yield b""


def recording_bot() -> tuple[Bot, RecordingSession]:
    session = RecordingSession()
    return Bot(TOKEN, session=session), session
