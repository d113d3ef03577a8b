"""Business-api benchmark (issue 4): two-hop GET-by-id (wrk -> business-api -> data-api ->
PostgreSQL, 10,000 rows, 32 connections) against a floor measured in the same run (a bare
Starlette proxy with one pooled aiohttp session, ``bench/floors/proxy.py``, in front of the
bare Starlette+asyncpg app, ``bench/floors/data.py``); then, when the template offers
``use_redis`` and Redis can be started, the warm-cache business-api against the uncached one.

    .venv/bin/python -m bench.business_api [--duration S] [--rounds N] [--level N]
        [--set answer=value] [--env VARIABLE=value] [--header Name=value] [--profile DIR] [--strict]

Both templates are baked at ``--level``; ``--env`` goes to both services, ``--set`` answers
to the business-api, whose optional features default to off here (``use_redis=no``,
``use_rabbitmq=no``, ``websocket=no``, ``file_storage=none``, ``auth=none``, when the template
has them). Goals: throughput >= 0.5x
the floor's, p99 <= 2x; warm cache >= 2x the uncached throughput; RSS after 10,000 requests
<= 90 MB; start to the first 200 from /ready <= 2 s. Exit status 1 when a request fails, or
with --strict when a goal is missed.
"""

import contextlib
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench import api_common as bench
from tests import services

OFF = {
    "use_redis": "no",
    "use_rabbitmq": "no",
    "websocket": "no",
    "file_storage": "none",
    "auth": "none",
}
SHARED = ("resource_name", "resource_plural")
CACHE_MIN_RATIO = 2.0


def main(argv: Sequence[str] | None = None) -> int:
    args = bench.arguments(__doc__ or "", argv)
    offered = json.loads((bench.ROOT / "business-api" / "cookiecutter.json").read_text())
    given = bench.pairs(args.set)
    answers = {"maturity_level": args.level}
    answers |= {k: v for k, v in OFF.items() if k in offered} | given
    data_answers = {"maturity_level": args.level} | {k: given[k] for k in SHARED if k in given}
    headers = bench.pairs(args.header)
    table = bench.plural(answers)
    prefix = f"/api/v1/{table}/"
    print(f"business-api level {args.level} {answers}; {bench.machine_load()}")
    with (
        tempfile.TemporaryDirectory(prefix="bench-business-api-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        work = Path(tmp)
        data_project, data_venv = bench.bake("data-api", work / "data", data_answers)
        project, venv = bench.bake("business-api", work / "business", answers)
        dsn = stack.enter_context(services.postgres())
        bench.migrate(data_project, data_venv, dsn)
        ids = bench.seed(data_project, data_venv, dsn, table)
        data_env = {"DATABASE_URL": dsn, **bench.pairs(args.env)}
        data_api = stack.enter_context(
            bench.serve_service("data-api", data_project, data_venv, data_env, work)
        )
        env = {"DATA_API_URL": data_api.url, **bench.pairs(args.env)}
        service = stack.enter_context(bench.serve_service("business-api", project, venv, env, work))
        sample = bench.get_json(f"{service.url}{prefix}{ids[0]}", headers)
        columns = [c for c in bench.table_columns(dsn, table) if c in sample]
        floor_env = {"DATABASE_URL": dsn, "RESOURCE_PLURAL": table, "TABLE": table,
                     "COLUMNS": ",".join(columns)}  # fmt: skip
        floor_data = stack.enter_context(
            bench.serve_floor("floor-data", "data", data_project, data_venv, floor_env, work)
        )
        proxy_env = {"UPSTREAM_URL": floor_data.url, "RESOURCE_PLURAL": table}
        floor = stack.enter_context(
            bench.serve_floor("floor-proxy", "proxy", project, venv, proxy_env, work)
        )
        within = bench.footprint(service, ids, prefix, headers)
        floor_label, label = "floor (proxy+Starlette+asyncpg)", "business-api"
        # CPU per request counts both hops.
        targets = [(floor_label, [floor, floor_data], prefix), (label, [service, data_api], prefix)]
        loads = bench.alternate(targets, ids, args, headers)
        within &= bench.compare(floor_label, loads, label)
        measured = dict(loads)
        if args.profile:
            for sampled in ((floor, floor_data), (service, data_api)):
                targets = [(sampled[0], prefix)]
                bench.profile(targets, sampled, ids, args.profile, args.duration, headers)
        if "use_redis" not in offered or "use_redis" in given:
            print("warm-cache run skipped: the template has no use_redis option or it was --set")
        else:
            cached_project, _ = bench.bake(
                "business-api", work / "cached", answers | {"use_redis": "yes"}
            )
            redis = stack.enter_context(services.redis())
            # Entries outlive the run, whatever --duration: this measures a warm cache.
            cached_env = env | {"REDIS_URL": redis, "CACHE_TTL_SECONDS": "3600"}
            cached = stack.enter_context(
                bench.serve_service("business-api-cached", cached_project, venv, cached_env, work)
            )
            bench.footprint(cached, ids, prefix, headers)
            warm = bench.wrk(
                cached.url, prefix, ids, 120, headers, limit=ids[1] - ids[0] + 1, sequential=True
            )
            print(f"cache warmed with {warm.requests} sequential requests")
            cached_label = "business-api, warm cache"
            targets = [
                (label, [service, data_api], prefix),
                (cached_label, [cached, data_api], prefix),
            ]
            loads = bench.alternate(targets, ids, args, headers)
            within &= bench.compare(label, loads, cached_label, CACHE_MIN_RATIO, None)
            measured |= loads
    print(f"after the run: {bench.machine_load()}")
    return bench.exit_status(within, measured, args.strict)


if __name__ == "__main__":
    sys.exit(main())
