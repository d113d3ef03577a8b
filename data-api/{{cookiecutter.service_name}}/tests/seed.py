{%- from "python.j2" import from_imports -%}
{%- set pkg = cookiecutter.service_name -%}
{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""Load N realistic {{ cookiecutter.resource_plural.replace('_', ' ') }} into ``DATABASE_URL``: ``make seed N=1000``.

On SQLite the schema is created first; on PostgreSQL run ``make migrate`` before.
"""

import argparse
import asyncio

{{ from_imports({
    pkg ~ ".application." ~ res ~ "_service": [Res ~ "Service"],
    pkg ~ ".core.settings": ["Settings"],
    pkg ~ ".domain." ~ res: ["MAX_PAGE_SIZE"],
    pkg ~ ".infrastructure.db": ["schema"],
    pkg ~ ".infrastructure.db.database": ["SqlAlchemyDatabase", "open_database"],
}) }}

from .factories import {{ res }}_drafts


async def seed(settings: Settings, count: int) -> int:
    """Insert ``count`` rows in batches (one transaction each); return how many."""
    database = await open_database(settings)
    try:
        if isinstance(database, SqlAlchemyDatabase):
            await schema.upgrade(database.engine)
        service = {{ Res }}Service(database)
        done = 0
        while done < count:
            batch = min(MAX_PAGE_SIZE * 10, count - done)
            done += len(await service.create_many({{ res }}_drafts(batch)))
        return done
    finally:
        await database.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int, nargs="?", default=100, help="rows to add")
    args = parser.parse_args(argv)
    added = asyncio.run(seed(Settings(), args.count))
    print(f"added {added} {{ cookiecutter.resource_plural.replace('_', ' ') }}")


if __name__ == "__main__":
    main()
