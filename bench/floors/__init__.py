"""Floors for the API benchmarks: the least code that answers the same request.

Each module is run with a baked template's virtualenv (``python -m bench.floors.<name>``)
so that it uses the same Starlette, uvicorn and driver versions as the service it is
compared with; the settings come from environment variables (see each module).
"""

import os

import uvicorn
from starlette.applications import Starlette


def serve(app: Starlette) -> None:
    """Serve ``app`` like the generated ``__main__``: one uvicorn worker, no log config."""
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(os.environ["PORT"]),
        log_config=None,
        loop=os.environ.get("UVICORN_LOOP", "auto"),
        http=os.environ.get("UVICORN_HTTP", "auto"),
    )
