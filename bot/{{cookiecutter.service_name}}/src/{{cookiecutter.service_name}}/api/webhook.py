"""Webhook mode: Telegram posts updates to ``/webhook`` on aiogram's aiohttp server."""

import asyncio
import hashlib
import signal
from collections.abc import Iterator
from contextlib import contextmanager

from aiogram import Bot
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError
from structlog.stdlib import get_logger

from {{ cookiecutter.service_name }}.core.settings import Settings

logger = get_logger(__name__)

WEBHOOK_PATH = "/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def problem(request: web.Request, status: int, title: str, detail: str) -> web.Response:
    """An RFC 7807 Problem Details answer."""
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    return web.json_response(body, status=status, content_type="application/problem+json")


class CheckedRequestHandler(SimpleRequestHandler):
    """aiogram's handler, answering 403 to a wrong secret and 400 to a body that is no update.

    Accepted updates are answered at once and handled in the background.
    """

    async def handle(self, request: web.Request) -> web.Response:
        if not self.verify_secret(request.headers.get(SECRET_HEADER, ""), self.bot):
            logger.warning("webhook.forbidden", remote=request.remote)
            return problem(request, 403, "Forbidden", f"missing or wrong {SECRET_HEADER} header")
        try:
            Update.model_validate_json(await request.read())
        except ValidationError:
            return problem(request, 400, "Bad Request", "the body is not a Telegram update")
        return await super().handle(request)


def webhook_url(settings: Settings) -> str:
    """The URL Telegram posts to; it carries a fingerprint of the secret (never the secret),
    so that a new secret changes the URL and gets the webhook set again."""
    secret = settings.webhook_secret.get_secret_value().encode()
    fingerprint = hashlib.sha256(secret).hexdigest()[:12]
    return f"{str(settings.webhook_base_url).rstrip('/')}{WEBHOOK_PATH}?v={fingerprint}"


async def ensure_webhook(bot: Bot, settings: Settings, allowed_updates: list[str]) -> bool:
    """Set the webhook unless Telegram already has these settings; return whether it did."""
    url = webhook_url(settings)
    info = await bot.get_webhook_info()
    if info.url == url and sorted(info.allowed_updates or []) == sorted(allowed_updates):
        logger.info("webhook.unchanged")
        return False
    await bot.set_webhook(
        url,
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=allowed_updates,
    )
    logger.info("webhook.set", allowed_updates=allowed_updates)
    return True


@contextmanager
def stop_signal() -> Iterator[asyncio.Event]:
    """An event set by SIGTERM (``docker stop``) or SIGINT (Ctrl+C) while the block runs."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        yield stop
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
