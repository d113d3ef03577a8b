"""Data-api benchmark (issue 3): GET-by-id on a 10,000-row PostgreSQL table at 32
connections, the baked data-api against a floor measured in the same run (bare Starlette
running the same SELECT through an asyncpg pool, ``bench/floors/data.py``).

    .venv/bin/python -m bench.data_api [--duration S] [--rounds N] [--level N]
        [--set answer=value] [--env VARIABLE=value] [--header Name=value] [--profile DIR] [--strict]

Goals: throughput >= 0.5x the floor's, p99 <= 2x; RSS after 10,000 requests <= 90 MB;
start to the first 200 from /ready <= 2 s. Exit status 1 when a request fails, or with
--strict when a goal is missed.
"""

import contextlib
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench import api_common as bench
from tests import services


def main(argv: Sequence[str] | None = None) -> int:
    args = bench.arguments(__doc__ or "", argv)
    answers = {"maturity_level": args.level, **bench.pairs(args.set)}
    headers = bench.pairs(args.header)
    table = bench.plural(answers)
    prefix = f"/api/v1/{table}/"
    print(f"data-api level {args.level} {answers}; {bench.machine_load()}")
    with (
        tempfile.TemporaryDirectory(prefix="bench-data-api-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        work = Path(tmp)
        project, venv = bench.bake("data-api", work, answers)
        dsn = stack.enter_context(services.postgres())
        bench.migrate(project, venv, dsn)
        ids = bench.seed(project, venv, dsn, table)
        env = {"DATABASE_URL": dsn, **bench.pairs(args.env)}
        service = stack.enter_context(bench.serve_service("data-api", project, venv, env, work))
        sample = bench.get_json(f"{service.url}{prefix}{ids[0]}", headers)
        columns = [c for c in bench.table_columns(dsn, table) if c in sample]
        print(f"floor returns {columns} like the service's {sorted(sample)}")
        floor_env = {"DATABASE_URL": dsn, "RESOURCE_PLURAL": table, "TABLE": table,
                     "COLUMNS": ",".join(columns)}  # fmt: skip
        floor = stack.enter_context(
            bench.serve_floor("floor", "data", project, venv, floor_env, work)
        )
        within = bench.footprint(service, ids, prefix, headers)
        floor_label, label = "floor (Starlette+asyncpg)", "data-api"
        targets = [(floor_label, [floor], prefix), (label, [service], prefix)]
        loads = bench.alternate(targets, ids, args, headers)
        within &= bench.compare(floor_label, loads, label)
        if args.profile:
            for server in (floor, service):
                bench.profile(
                    [(server, prefix)], [server], ids, args.profile, args.duration, headers
                )
    print(f"after the run: {bench.machine_load()}")
    return bench.exit_status(within, loads, args.strict)


if __name__ == "__main__":
    sys.exit(main())
