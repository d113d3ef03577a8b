"""Deployment files of every supported combination, checked for what their schemas cannot see
(the compose-spec schema and hadolint run in test_generated.py), and the nginx gateway proven
by nginx itself: ``nginx -t`` on every generated configuration, and a live gateway in front of
a running business-api (TLS with the development certificate, request IDs, HTTP->HTTPS
redirect, rate limit, body limit, gzip, WebSocket upgrade).

Compose files are used in sets (``docker compose -f a.yml -f b.yml``); each file names its
set in its header's usage line, and a file without one is used alone. Within a set: every
``depends_on`` target exists and is not in a profile its dependant lacks, every service has a
healthcheck (or disables it: one-shot jobs), every secret, config and named volume is
declared. In every file: no ``container_name``; each ``${VAR}`` without a default
(``${VAR:-x}``) has an entry in ``.env.example``; each secret file is documented there.
"""

import base64
import hashlib
import http.client
import json
import os
import re
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.combinations import SUPPORTED_COMBINATIONS
from tests.conftest import Bake, require_tool
from tests.harness import environment
from tests.live import serve
from tests.services import free_port
from tests.test_generated import params

USAGE = re.compile(r"^#.*docker compose((?:\s+-f\s+\S+)+)", re.M)
# ${VAR}, ${VAR:-default}, ${VAR:?message}...; $${VAR} is an escaped dollar for the container.
INTERPOLATION = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])[^}]*)?\}")
GATEWAY_VARIABLE = re.compile(r"\$\{(GATEWAY_[A-Z_]+)\}")
WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
REDEFINES_REQUEST_ID = re.compile(r"^\s*(?:set|map\s+\S+)\s+\$request_id\b", re.M)


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def file_sets(project: Path) -> list[list[str]]:
    """The sets of compose files used together, from the usage lines of their headers."""
    sets = []
    for path in sorted(project.glob("docker-compose*.yml")):
        usages = [match.split()[1::2] for match in USAGE.findall(path.read_text())]
        sets.extend(usages or [[path.name]])
    return sets


def merged(project: Path, names: list[str]) -> dict[str, dict[str, Any]]:
    """The top-level sections of a set of compose files, merged by name (later files win)."""
    sections: dict[str, dict[str, Any]] = {}
    for name in names:
        for section, entries in load(project / name).items():
            for key, value in (entries or {}).items():
                if section == "services":
                    value = {**sections.get(section, {}).get(key, {}), **(value or {})}
                sections.setdefault(section, {})[key] = value
    return sections


def set_problems(project: Path, names: list[str]) -> list[str]:
    missing = [name for name in names if not (project / name).is_file()]
    if missing:
        return [f"{names}: {missing} named in a usage line but not generated"]
    compose = merged(project, names)
    services = compose.get("services", {})
    problems = []
    for name, service in services.items():
        where = f"{'+'.join(names)}: {name}"
        if "healthcheck" not in service:
            problems.append(f"{where} has no healthcheck")
        depends = service.get("depends_on", {})
        for target in depends if isinstance(depends, (list, dict)) else []:
            if target not in services:
                problems.append(f"{where} depends on {target}, which is not in the set")
            elif services[target].get("profiles") and not service.get("profiles"):
                problems.append(f"{where} depends on {target}, which only runs in a profile")
        for kind in ("secrets", "configs"):
            for entry in service.get(kind, []):
                source = entry if isinstance(entry, str) else entry["source"]
                if source not in compose.get(kind, {}):
                    problems.append(f"{where} uses the undeclared {kind[:-1]} {source}")
        for volume in service.get("volumes", []):
            source = volume.split(":")[0] if isinstance(volume, str) else volume.get("source", "")
            named = source and not source.startswith((".", "/", "~"))
            if named and source not in compose.get("volumes", {}):
                problems.append(f"{where} mounts the undeclared volume {source}")
    return problems


def file_problems(project: Path, path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    documented = (project / ".env.example").read_text(encoding="utf-8")
    problems = []
    for service, definition in (load(path).get("services") or {}).items():
        if "container_name" in (definition or {}):
            problems.append(f"{path.name}: {service} has a container_name")
    for variable, operator in INTERPOLATION.findall(text):
        has_default = operator in (":-", "-")
        if not has_default and not re.search(rf"^#? ?{variable}=", documented, re.M):
            problems.append(
                f"{path.name}: ${{{variable}}} has no default and no .env.example entry"
            )
    for secret in (load(path).get("secrets") or {}).values():
        file = Path(secret.get("file", "")).name
        if file not in documented:
            problems.append(f"{path.name}: the secret file secrets/{file} is not in .env.example")
    return problems


def prod_problems(project: Path) -> list[str]:
    """What docker-compose.prod.yml promises: a built image, limits, restarts, scalability."""
    compose = load(project / "docker-compose.prod.yml")
    services = compose["services"]
    main = services[project.name]
    problems = []
    if not re.fullmatch(r"\$\{IMAGE_REGISTRY[^}]*\}/\$\{IMAGE_NAMESPACE[^}]*\}/"
                        rf"{project.name.replace('_', '-')}:\$\{{IMAGE_TAG[^}}]*\}}",
                        main.get("image", "")):  # fmt: skip
        problems.append(f"image {main.get('image')!r} is not {{registry}}/{{namespace}}/name:tag")
    if "ports" in main:
        problems.append("the service publishes host ports: it cannot scale")
    for name, service in services.items():
        if service.get("restart") == "no":
            continue  # a one-shot job
        if service.get("restart") not in ("always", "unless-stopped"):
            problems.append(f"{name} has no restart policy")
        limits = service.get("deploy", {}).get("resources", {}).get("limits", {})
        if not {"cpus", "memory"} <= limits.keys():
            problems.append(f"{name} has no CPU and memory limits")
        credentials = re.compile(r"://[^/\s:@]+:[^@\s]+@|PASSWORD$|SECRET|TOKEN|API_KEY")
        for variable, value in (service.get("environment") or {}).items():
            if credentials.search(f"{variable}") or credentials.search(str(value)):
                problems.append(f"{name} gets the credential {variable} as plain environment")
    template = project / "nginx/templates/default.conf.template"
    if ("gateway" in services) != template.is_file():
        problems.append("a gateway service without its nginx template, or the reverse")
    elif template.is_file():
        wanted = set(GATEWAY_VARIABLE.findall(template.read_text()))
        given = {
            name for name in services["gateway"]["environment"] if name != "NGINX_ENVSUBST_FILTER"
        }
        if given != wanted:
            problems.append(f"the gateway sets {sorted(given)}, its template uses {sorted(wanted)}")
    return problems


# The nginx gateway.

CONFIG = """\
{user}pid {prefix}/nginx.pid;
worker_processes 1;
events {{ worker_connections 256; }}
# As in the nginx image's nginx.conf, which includes the rendered template in http {{}}.
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    sendfile on;
    keepalive_timeout 65;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/default.conf;
}}
"""


def gateway_config(project: Path, prefix: Path, values: Mapping[str, str]) -> Path:
    """Render the project's gateway template as the nginx image does (envsubst of the
    GATEWAY_* variables), inside a main configuration like the image's; return the latter."""
    template = (project / "nginx/templates/default.conf.template").read_text()
    assert set(GATEWAY_VARIABLE.findall(template)) == set(values)
    assert not REDEFINES_REQUEST_ID.search(template), "nginx's $request_id is redefined"
    rendered = GATEWAY_VARIABLE.sub(lambda match: values[match[1]], template)
    (prefix / "default.conf").write_text(rendered)
    # Workers of a root master run as nobody: let them write the temporary files.
    root = os.geteuid() == 0
    prefix.chmod(0o755)
    config = prefix / "nginx.conf"
    config.write_text(CONFIG.format(prefix=prefix, user="user root;\n" if root else ""))
    return config


def values(certs: Path, http_port: int = 80, https_port: int = 443, upstream: str = "") -> dict:
    """Test values of the GATEWAY_* variables; a low rate limit for the live test."""
    return {
        "GATEWAY_UPSTREAM": upstream or "127.0.0.1:8000",
        "GATEWAY_SERVER_NAME": "localhost",
        "GATEWAY_HTTP_PORT": str(http_port),
        "GATEWAY_HTTPS_PORT": str(https_port),
        "GATEWAY_CERTS_DIR": str(certs),
        "GATEWAY_RATE_LIMIT": "5r/s",
        "GATEWAY_RATE_BURST": "5",
    }


def dev_certificate(project: Path) -> Path:
    """Run the project's scripts/dev-cert.sh; return the folder of tls.crt and tls.key."""
    result = subprocess.run(
        [project / "scripts/dev-cert.sh"], capture_output=True, text=True, cwd=project
    )
    assert result.returncode == 0, result.stdout + result.stderr
    certs = project / "nginx/certs"
    assert {"tls.crt", "tls.key", ".gitignore"} <= {path.name for path in certs.iterdir()}
    return certs


def nginx_test(project: Path, prefix: Path) -> str:
    """``nginx -t`` on the project's gateway with its development certificate: its output,
    empty when the configuration is valid and nginx has nothing to warn about."""
    config = gateway_config(project, prefix, values(dev_certificate(project)))
    log = prefix / "error.log"
    command = [
        require_tool("/usr/sbin/nginx", "nginx"),
        "-t",
        "-p",
        str(prefix),
        "-c",
        str(config),
        "-e",
        str(log),
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    return result.stderr if result.returncode or "[warn]" in result.stderr else ""


# Each combination is baked once here (the CI-only answers of FILES_ONLY change no file these
# checks read): its compose files, and its gateway's configuration through nginx -t.
@pytest.mark.parametrize(("template", "answers"), params(SUPPORTED_COMBINATIONS))
def test_deployment_files(
    template: str, answers: dict[str, str], bake: Bake, tmp_path: Path
) -> None:
    project = bake(template, answers)
    level = int(answers.get("maturity_level", "1"))
    problems = [p for names in file_sets(project) for p in set_problems(project, names)]
    for path in sorted(project.glob("docker-compose*.yml")):
        problems += file_problems(project, path)
    assert (project / ".dockerignore").is_file()
    assert (project / "docker-compose.prod.yml").is_file() == (level >= 3)
    if level >= 3:
        problems += prod_problems(project)
    assert problems == []

    public = template != "worker" and (template != "bot" or answers.get("update_mode") == "webhook")
    assert (project / "nginx").is_dir() == (level >= 3 and public)
    if (project / "nginx").is_dir():
        assert nginx_test(project, tmp_path) == ""
        rendered = (tmp_path / "default.conf").read_text()
        assert ("add_header Strict-Transport-Security" in rendered) == (level >= 4)


@contextmanager
def nginx(config: Path, ports: list[int]) -> Iterator[None]:
    prefix = config.parent
    log = prefix / "error.log"
    command = [
        require_tool("/usr/sbin/nginx", "nginx"),
        "-p",
        str(prefix),
        "-c",
        str(config),
        "-e",
        str(log),
        "-g",
        "daemon off;",
    ]
    process = subprocess.Popen(command, stderr=subprocess.STDOUT, stdout=log.open("wb"))
    try:
        deadline = time.monotonic() + 10
        while not all(listening(port) for port in ports):
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"nginx is not listening:\n{log.read_text()}"
            time.sleep(0.05)
        yield
    finally:
        process.terminate()
        process.wait(10)


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def https(port: int, context: ssl.SSLContext) -> http.client.HTTPSConnection:
    return http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)


def get(
    connection: http.client.HTTPConnection, path: str, **headers: str
) -> tuple[int, dict, bytes]:
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    found = {name.lower(): value for name, value in response.getheaders()}
    return response.status, found, response.read()


def websocket_message(port: int, context: ssl.SSLContext, path: str) -> str:
    """Open a WebSocket through TLS (RFC 6455's handshake, by hand); check that the server
    accepted it and return the first text message it sends."""
    key = base64.b64encode(os.urandom(16)).decode()
    accept = base64.b64encode(hashlib.sha1(f"{key}{WEBSOCKET_GUID}".encode()).digest())
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        tls.sendall(
            f"GET {path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        data = b""
        while b"\r\n\r\n" not in data:
            data += tls.recv(4096)
        head, _, frame = data.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101"), head
        lines = head.decode().split("\r\n")[1:]
        headers = {name.lower(): value for name, value in (line.split(": ", 1) for line in lines)}
        assert headers["sec-websocket-accept"] == accept.decode(), head
        while len(frame) < 2 or len(frame) < 2 + (frame[1] & 0x7F):
            frame += tls.recv(4096)
        assert frame[0] == 0x81 and frame[1] < 126, frame[:2]  # one unmasked short text frame
        return frame[2 : 2 + frame[1]].decode()


def test_gateway_in_front_of_a_running_business_api(bake: Bake, tmp_path: Path) -> None:
    answers = {"maturity_level": "3", "websocket": "yes", "use_redis": "no"}
    project = bake("business-api", answers)
    venv = environment("business-api", project)
    certs = dev_certificate(project)
    service_env = {"WEBSOCKET_HEARTBEAT_SECONDS": "0.3"}
    with serve(project, venv, service_env, tmp_path / "api.log") as url:
        http_port, https_port = free_port(), free_port()
        prefix = tmp_path / "nginx"
        prefix.mkdir()
        upstream = url.removeprefix("http://")
        config = gateway_config(project, prefix, values(certs, http_port, https_port, upstream))
        context = ssl.create_default_context(cafile=str(certs / "tls.crt"))
        with nginx(config, [http_port, https_port]):
            # Through TLS, verified with the development certificate; the ID comes back.
            connection = https(https_port, context)
            status, headers, body = get(connection, "/health", **{"X-Request-ID": "gw-test-1"})
            assert status == 200, body
            assert headers["x-request-id"] == "gw-test-1"
            assert headers["x-content-type-options"] == "nosniff"
            assert connection.sock.version() in ("TLSv1.2", "TLSv1.3")
            assert "strict-transport-security" not in headers  # level 4 only
            # Without a well-formed ID, nginx makes one and the service logs that one.
            status, headers, _ = get(connection, "/health", **{"X-Request-ID": "bad id"})
            assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])
            status, headers, body = get(connection, "/openapi.json", **{"Accept-Encoding": "gzip"})
            assert status == 200 and headers.get("content-encoding") == "gzip"
            # Bodies above client_max_body_size: the gateway's own Problem Details.
            connection.putrequest("POST", "/api/v1/items")
            connection.putheader("Content-Length", str(2 << 20))
            connection.endheaders()  # refused on its Content-Length, before any byte of it
            response = connection.getresponse()
            problem = json.loads(response.read())
            assert response.status == 413 and problem["status"] == 413, problem
            connection.close()

            plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
            status, headers, _ = get(plain, "/api/v1/items?limit=1")
            assert status == 301
            assert headers["location"] == "https://127.0.0.1/api/v1/items?limit=1"

            message = websocket_message(https_port, context, "/api/v1/items/events")
            assert json.loads(message) == {"type": "heartbeat"}

            time.sleep(1.2)  # the burst refills
            connection = https(https_port, context)
            answers_seen = [get(connection, "/health") for _ in range(15)]
            statuses = [status for status, _, _ in answers_seen]
            assert statuses[:5] == [200] * 5 and 429 in statuses, statuses
            status, headers, body = next(answer for answer in answers_seen if answer[0] == 429)
            assert headers["content-type"] == "application/problem+json"
            assert headers["retry-after"] == "1"
            problem = json.loads(body)
            assert problem["status"] == 429 and problem["instance"] == "/health"
            assert problem["request_id"] == headers["x-request-id"]
