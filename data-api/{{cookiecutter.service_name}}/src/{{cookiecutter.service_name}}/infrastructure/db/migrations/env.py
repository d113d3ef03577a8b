"""Alembic environment: runs the migrations on the service's database.

``alembic upgrade head`` connects with ``DATABASE_URL`` (see ``Settings``); code that already
holds a connection passes it as ``config.attributes["connection"]`` (see ``schema.py``).
"""

import asyncio
import sys

from alembic import context
from pydantic import ValidationError
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from {{ cookiecutter.service_name }}.core.config import settings_error
from {{ cookiecutter.service_name }}.core.logging import configure_logging
from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME, Settings
from {{ cookiecutter.service_name }}.infrastructure.db.models import Base

target_metadata = Base.metadata


def run_offline(url: str) -> None:
    """Write the SQL to stdout instead of running it (``alembic upgrade head --sql``)."""
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_on(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


async def run_online(url: str) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_on)
            await connection.commit()
    finally:
        await engine.dispose()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    try:
        settings = Settings()
    except ValidationError as error:
        sys.exit(f"Invalid configuration, no migration was run:\n{settings_error(error)}")
    configure_logging(SERVICE_NAME, settings.log_level, settings.log_json)
    if context.is_offline_mode():
        run_offline(settings.database_url)
    else:
        asyncio.run(run_online(settings.database_url))


main()
