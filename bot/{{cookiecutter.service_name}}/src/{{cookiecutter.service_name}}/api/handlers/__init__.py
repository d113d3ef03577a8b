"""Telegram handlers, one router per feature."""

from aiogram import Router

from {{ cookiecutter.service_name }}.api.handlers import creation, fallback, start


def create_routers() -> list[Router]:
    """The feature routers in order; the fallback comes last, to get only what nobody took."""
    return [start.create_router(), creation.create_router(), fallback.create_router()]
