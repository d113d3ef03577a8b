"""The S3-compatible server of the tests: the store at ``TEST_S3_URL`` when set (MinIO, for
one: ``http://<access key>:<secret key>@localhost:9000``), else moto's S3 server, started in
a thread on a free loopback port."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from moto.server import ThreadedMotoServer


@dataclass(frozen=True)
class S3Server:
    url: str
    access_key_id: str
    secret_access_key: str


@contextmanager
def s3_server() -> Iterator[S3Server]:
    given = os.environ.get("TEST_S3_URL")
    if given:
        parts = urlsplit(given)
        url = f"{parts.scheme}://{parts.hostname}:{parts.port}"
        yield S3Server(url, parts.username or "", parts.password or "")
        return
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield S3Server(f"http://{host}:{port}", "test-key", "test-secret")
    finally:
        server.stop()
