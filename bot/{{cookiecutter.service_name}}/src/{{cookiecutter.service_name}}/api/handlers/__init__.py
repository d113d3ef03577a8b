"""Telegram handlers, one router per feature."""

from aiogram import Router

from {{ cookiecutter.service_name }}.api.handlers import fallback, start


def create_router() -> Router:
    """All feature routers; the fallback comes last so that it only gets what nobody took."""
    router = Router(name="bot")
    router.include_routers(start.create_router(), fallback.create_router())
    return router
