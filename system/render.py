"""The files written around the baked services: Compose project, Makefile, README, smoke check."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from hooks.engine import service_variables
from system.description import PORTS, System

_JINJA = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
REDIS_IMAGE = "redis:8-alpine"
RABBITMQ_IMAGE = "rabbitmq:4-management-alpine"
POSTGRES_IMAGE = "postgres:17-alpine"


@dataclass(frozen=True)
class Node:
    """A service of the system with what it was baked to use."""

    name: str
    template: str
    port: int
    host: str
    calls: str | None
    uses: frozenset[str]  # DATABASE_URL, REDIS_URL, RABBITMQ_URL

    @property
    def health_path(self) -> str:
        return "/ready" if self.template == "data-api" else "/health"


def nodes(system: System, root: Path) -> list[Node]:
    return [
        Node(
            service.name,
            service.template,
            service.port,
            service.host,
            service.calls,
            frozenset(service_variables(root / service.name)),
        )
        for service in system.services
    ]


def _healthcheck(test: list[str], interval: str = "10s") -> dict[str, Any]:
    return {
        "test": test,
        "interval": interval,
        "timeout": "5s",
        "retries": 10,
        "start_period": "10s",
    }


def _probe(node: Node) -> list[str]:
    url = f"http://127.0.0.1:{PORTS[node.template]}{node.health_path}"
    return [
        "CMD",
        "python",
        "-c",
        f"import urllib.request; urllib.request.urlopen('{url}', timeout=2)",
    ]


def _service(node: Node, all_nodes: list[Node]) -> dict[str, Any]:
    environment: dict[str, str] = {}
    depends: dict[str, dict[str, str]] = {}
    if "DATABASE_URL" in node.uses:
        password = "${POSTGRES_PASSWORD:-app}"
        environment["DATABASE_URL"] = f"postgresql://app:{password}@{node.host}-postgres:5432/app"
        depends[f"{node.name}_postgres"] = {"condition": "service_healthy"}
    if "REDIS_URL" in node.uses:
        environment["REDIS_URL"] = "redis://redis:6379/0"
        depends["redis"] = {"condition": "service_healthy"}
    if "RABBITMQ_URL" in node.uses:
        environment["RABBITMQ_URL"] = "amqp://guest:guest@rabbitmq:5672/"
        depends["rabbitmq"] = {"condition": "service_healthy"}
    if node.calls:
        target = next(other for other in all_nodes if other.name == node.calls)
        variable = "BUSINESS_API_URL" if node.template == "bot" else "DATA_API_URL"
        environment[variable] = f"http://{target.host}:{PORTS[target.template]}"
        depends[target.name] = {"condition": "service_healthy"}
    service: dict[str, Any] = {
        "build": f"./{node.name}",
        "image": f"{node.host}:latest",
        "env_file": [{"path": f"./{node.name}/.env", "required": False}],
    }
    if node.template == "data-api":
        service["command"] = ["sh", "-c", f"alembic upgrade head && exec python -m {node.name}"]
    service |= {
        "environment": dict(sorted(environment.items())),
        "ports": [f"{node.port}:{PORTS[node.template]}"],
        "networks": {"default": {"aliases": [node.host]}},
    }
    if depends:
        service["depends_on"] = depends
    service |= {"healthcheck": _healthcheck(_probe(node)), "restart": "unless-stopped"}
    return service


def compose(all_nodes: list[Node]) -> dict[str, Any]:
    """The Compose project: every service, one PostgreSQL per data-api, shared Redis/RabbitMQ."""
    services: dict[str, Any] = {}
    volumes: dict[str, None] = {}
    for node in all_nodes:
        services[node.name] = _service(node, all_nodes)
    for node in all_nodes:
        if "DATABASE_URL" in node.uses:
            volume = f"{node.name}_postgres_data"
            services[f"{node.name}_postgres"] = {
                "image": POSTGRES_IMAGE,
                "environment": {
                    "POSTGRES_USER": "app",
                    "POSTGRES_PASSWORD": "${POSTGRES_PASSWORD:-app}",
                    "POSTGRES_DB": "app",
                },
                "volumes": [f"{volume}:/var/lib/postgresql/data"],
                "networks": {"default": {"aliases": [f"{node.host}-postgres"]}},
                "healthcheck": _healthcheck(["CMD-SHELL", "pg_isready -U app -d app"], "5s"),
                "restart": "unless-stopped",
            }
            volumes[volume] = None
    uses = set().union(*(node.uses for node in all_nodes))
    if "REDIS_URL" in uses:
        services["redis"] = {
            "image": REDIS_IMAGE,
            "command": ["redis-server", "--appendonly", "yes"],
            "volumes": ["redis_data:/data"],
            "healthcheck": _healthcheck(["CMD", "redis-cli", "ping"], "5s"),
            "restart": "unless-stopped",
        }
        volumes["redis_data"] = None
    if "RABBITMQ_URL" in uses:
        services["rabbitmq"] = {
            "image": RABBITMQ_IMAGE,
            "ports": ["15672:15672"],
            "volumes": ["rabbitmq_data:/var/lib/rabbitmq"],
            "healthcheck": _healthcheck(["CMD", "rabbitmq-diagnostics", "-q", "ping"]),
            "restart": "unless-stopped",
        }
        volumes["rabbitmq_data"] = None
    return {"services": services, "volumes": volumes} if volumes else {"services": services}


def diagram(all_nodes: list[Node]) -> list[str]:
    """Mermaid flowchart lines: the services, HTTP calls, databases, events, Redis."""
    lines = [f'{node.name}["{node.name}<br/>{node.template} :{node.port}"]' for node in all_nodes]
    uses = set().union(*(node.uses for node in all_nodes))
    if "RABBITMQ_URL" in uses:
        lines.append("rabbitmq[[RabbitMQ]]")
    if "REDIS_URL" in uses:
        lines.append("redis[(Redis)]")
    for node in all_nodes:
        if node.calls:
            lines.append(f"{node.name} -->|HTTP| {node.calls}")
        if "DATABASE_URL" in node.uses:
            lines.append(f"{node.name} --> {node.name}_postgres[(PostgreSQL)]")
        if "RABBITMQ_URL" in node.uses:
            if node.template == "worker":
                lines.append(f"rabbitmq -.->|events| {node.name}")
            else:
                lines.append(f"{node.name} -.->|events| rabbitmq")
        if "REDIS_URL" in node.uses:
            lines.append(f"{node.name} -.-> redis")
    return lines


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key; port mappings quoted (YAML 1.1 reads some
    ``a:b`` numbers as base 60)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if re.fullmatch(r"\d+:\d+", value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)


def write(system: System, root: Path, description: str) -> None:
    """Write the system's own files into ``root``, beside the baked services."""
    all_nodes = nodes(system, root)
    header = f"# {system.title}: every service of the system (generated from system.yaml).\n"
    body = yaml.dump(compose(all_nodes), Dumper=_Dumper, sort_keys=False, width=100)
    (root / "docker-compose.yml").write_text(header + body.replace(": null\n", ":\n"))
    context = {"system": system, "nodes": all_nodes, "diagram": diagram(all_nodes), "ports": PORTS}
    for name in ("Makefile", "README.md", "smoke.py", ".env.example"):
        (root / name).write_text(_JINJA.get_template(f"{name}.j2").render(context))
    (root / "system.yaml").write_text(description)
