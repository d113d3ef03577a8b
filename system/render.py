"""The files written around the baked services: Compose project, Makefile, README, smoke check."""

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from hooks.engine import service_variables
from system.description import PORTS, System, free_host_port

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
    public: bool  # takes traffic from outside, through the gateway

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
            service.template == "business-api" or service.answers.get("update_mode") == "webhook",
        )
        for service in system.services
    ]


def _default_route(all_nodes: list[Node]) -> str | None:
    """The business-api the gateway also serves at ``/``: the system's only one."""
    apis = [node.name for node in all_nodes if node.template == "business-api"]
    return apis[0] if len(apis) == 1 else None


def gateway(
    system: System,
    all_nodes: list[Node],
    upstreams: dict[str, str],
    *,
    listen: str,
    access_log: str,
    rate_limit: str = "100r/s",
    rate_burst: int = 200,
    local: bool = False,
) -> str:
    """The nginx configuration of the system's gateway (the ``http {}`` part): every public
    service under ``/<its DNS name>/``, and the business-api at ``/`` when it is the only one."""
    context = {
        "system": system,
        "public": [node for node in all_nodes if node.public],
        "default": _default_route(all_nodes),
        "upstreams": upstreams,
        "listen": listen,
        "server_name": "localhost",
        "access_log": access_log,
        "rate_limit": rate_limit,
        "rate_burst": rate_burst,
        "local": local,
    }
    return str(_JINJA.get_template("gateway.conf.j2").render(context))


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


@dataclass(frozen=True)
class Addresses:
    """Where the services of a system find each other and what they use: in the Compose
    project, or as processes on this machine (system/local.py)."""

    database: Callable[[Node], str | None]  # None: the data-api's embedded SQLite
    redis: str
    rabbitmq: str
    service: Callable[[Node], str]  # base URL


COMPOSE = Addresses(
    database=lambda node: (
        f"postgresql://app:${{POSTGRES_PASSWORD:-app}}@{node.host}-postgres:5432/app"
    ),
    redis="redis://redis:6379/0",
    rabbitmq="amqp://guest:guest@rabbitmq:5672/",
    service=lambda node: f"http://{node.host}:{PORTS[node.template]}",
)


def callee(node: Node, all_nodes: list[Node]) -> Node | None:
    return next((other for other in all_nodes if other.name == node.calls), None)


def wiring(node: Node, all_nodes: list[Node], addresses: Addresses) -> dict[str, str]:
    """The environment that connects ``node`` to the rest of the system."""
    environment: dict[str, str] = {}
    database = addresses.database(node) if "DATABASE_URL" in node.uses else None
    if database:
        environment["DATABASE_URL"] = database
    if "REDIS_URL" in node.uses:
        environment["REDIS_URL"] = addresses.redis
    if "RABBITMQ_URL" in node.uses:
        environment["RABBITMQ_URL"] = addresses.rabbitmq
    target = callee(node, all_nodes)
    if target is not None:
        variable = "BUSINESS_API_URL" if node.template == "bot" else "DATA_API_URL"
        environment[variable] = addresses.service(target)
    return dict(sorted(environment.items()))


def start_order(all_nodes: list[Node]) -> list[Node]:
    """Every service after the one it calls."""

    def depth(node: Node) -> int:
        target = callee(node, all_nodes)
        return 0 if target is None else 1 + depth(target)

    return sorted(all_nodes, key=depth)


def _service(node: Node, all_nodes: list[Node]) -> dict[str, Any]:
    environment = wiring(node, all_nodes, COMPOSE)
    depends: dict[str, dict[str, str]] = {}
    if "DATABASE_URL" in node.uses:
        depends[f"{node.name}_postgres"] = {"condition": "service_healthy"}
    if "REDIS_URL" in node.uses:
        depends["redis"] = {"condition": "service_healthy"}
    if "RABBITMQ_URL" in node.uses:
        depends["rabbitmq"] = {"condition": "service_healthy"}
    if node.calls:
        depends[node.calls] = {"condition": "service_healthy"}
    service: dict[str, Any] = {
        "build": f"./{node.name}",
        "image": f"{node.host}:latest",
        "env_file": [{"path": f"./{node.name}/.env", "required": False}],
    }
    if node.template == "data-api":
        service["command"] = ["sh", "-c", f"alembic upgrade head && exec python -m {node.name}"]
    service |= {
        "environment": environment,
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


# The gateway and the monitoring stack (from level 3: when the services were baked with them).

GATEWAY_HOST_PORT = 8080


def _compose_services(path: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(path.read_text())["services"]) if path.exists() else {}


def gateway_port(all_nodes: list[Node]) -> int:
    """The gateway's host port: 8080, unless a service publishes that one."""
    taken = {node.port for node in all_nodes}
    return GATEWAY_HOST_PORT if GATEWAY_HOST_PORT not in taken else free_host_port(taken)


def gateway_service(root: Path, all_nodes: list[Node]) -> dict[str, Any] | None:
    """nginx in front of the public services, as their own gateways run it (same image)."""
    public = [node for node in all_nodes if node.public and (root / node.name / "nginx").is_dir()]
    if not public:
        return None
    prod = _compose_services(root / public[0].name / "docker-compose.prod.yml")
    return {
        "image": prod["gateway"]["image"],
        "ports": [f"${{GATEWAY_HTTP_HOST_PORT:-{gateway_port(all_nodes)}}}:80"],
        "volumes": ["./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro"],
        "depends_on": {node.name: {"condition": "service_healthy"} for node in public},
        "healthcheck": _healthcheck(
            ["CMD", "wget", "--quiet", "--spider", "http://127.0.0.1/gateway/health"], "5s"
        ),
        "restart": "unless-stopped",
    }


# Level 4's traces and logs: their containers, and the files of the services' monitoring/
# they read (the same in every service, copied once into the system's).
TRACES_AND_LOGS = ("otel-collector", "jaeger", "loki", "alloy")
TRACES_AND_LOGS_FILES = (
    "otel-collector/config.yaml",
    "loki/loki.yml",
    "alloy/config.alloy",
    "grafana/provisioning/datasources/logs-and-traces.yml",
)
TRACES_AND_LOGS_HEADER = (
    "# Alertmanager http://localhost:9093. Every service sends its traces to the OpenTelemetry\n"
    "# Collector (OTLP, also published on 4317/4318), on to Jaeger http://localhost:16686;\n"
    "# Alloy ships every container's log lines to Loki, in Grafana's Explore (label service:\n"
    "# the Compose service), linked both ways with the traces.\n"
)


def _named_volumes(service: dict[str, Any]) -> list[str]:
    """The named volumes a container mounts (not the files and folders it binds)."""
    sources = (mount.split(":")[0] for mount in service.get("volumes", []))
    return [source for source in sources if not source.startswith((".", "/"))]


def monitoring(root: Path, all_nodes: list[Node]) -> dict[str, Any] | None:
    """docker-compose.monitoring.yml of the system: one Prometheus scraping every service
    (with every service's alert rules), one Grafana with every service's dashboards, the
    exporters of the shared Redis and of each data-api's PostgreSQL. At level 4 also
    Alertmanager, and traces and logs in one place: every service exporting to one
    OpenTelemetry Collector (on to one Jaeger), one Alloy shipping every container's log
    lines to one Loki. Each container is defined as in the services' own monitoring files."""
    sources = {
        node.name: _compose_services(root / node.name / "docker-compose.monitoring.yml")
        for node in all_nodes
    }
    if not all(sources.values()):
        return None
    defined: dict[str, Any] = {}
    for containers in sources.values():
        defined = {**containers, **defined}
    uses = set().union(*(node.uses for node in all_nodes))
    prometheus = dict(defined["prometheus"])
    prometheus["volumes"] = [
        "./monitoring/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
        *(
            f"./{node.name}/monitoring/prometheus/rules:/etc/prometheus/rules/{node.name}:ro"
            for node in all_nodes
        ),
        "prometheus-data:/prometheus",
    ]
    exporters: dict[str, Any] = {}
    if "REDIS_URL" in uses:
        exporters["redis-exporter"] = defined["redis-exporter"]
    for node in all_nodes:
        if "DATABASE_URL" in node.uses:
            exporter = dict(defined["postgres-exporter"])
            exporter["environment"] = {
                **exporter["environment"],
                "DATA_SOURCE_URI": f"{node.host}-postgres:5432/app?sslmode=disable",
            }
            exporter["depends_on"] = {f"{node.name}_postgres": {"condition": "service_healthy"}}
            exporter["networks"] = {"default": {"aliases": [f"{node.host}-postgres-exporter"]}}
            exporters[f"{node.name}_postgres_exporter"] = exporter
    depends = {node.name: {"condition": "service_started"} for node in all_nodes}
    depends |= {name: {"condition": "service_healthy"} for name in exporters}
    if "alertmanager" in defined:
        depends["alertmanager"] = {"condition": "service_healthy"}
    prometheus["depends_on"] = depends
    grafana = dict(defined["grafana"])
    grafana["environment"] = {
        key: value
        for key, value in grafana["environment"].items()
        if key != "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"
    }
    grafana["volumes"] = [
        "./monitoring/grafana/provisioning:/etc/grafana/provisioning:ro",
        *(
            f"./{node.name}/monitoring/grafana/dashboards:/etc/grafana/dashboards/{node.name}:ro"
            for node in all_nodes
        ),
        "grafana-data:/var/lib/grafana",
    ]
    # At level 4 each service's own file points it at the collector: so does the system's.
    services: dict[str, Any] = {
        node.name: sources[node.name][node.name]
        for node in all_nodes
        if node.name in sources[node.name]
    }
    services |= {"prometheus": prometheus, "grafana": grafana, **exporters}
    volumes: dict[str, None] = {"prometheus-data": None, "grafana-data": None}
    if "alertmanager" in defined:
        owner = next(name for name, containers in sources.items() if "alertmanager" in containers)
        alertmanager = dict(defined["alertmanager"])
        alertmanager["volumes"] = [
            f"./{owner}/monitoring/alertmanager:/etc/alertmanager:ro",
            "alertmanager-data:/alertmanager",
        ]
        services["alertmanager"] = alertmanager
        volumes["alertmanager-data"] = None
    # Their configuration files are copied into the system's monitoring/ (see write), where
    # the services' definitions mount them from.
    for name in TRACES_AND_LOGS:
        if name in defined:
            services[name] = defined[name]
            volumes |= dict.fromkeys(_named_volumes(defined[name]))
    return {"services": services, "volumes": volumes}


def prometheus_config(all_nodes: list[Node], alerting: bool) -> dict[str, Any]:
    """Every service of the system as a target (each replica, by its Compose DNS name), with
    the jobs of the infrastructure its rules expect (redis, rabbitmq, postgres)."""
    uses = set().union(*(node.uses for node in all_nodes))
    config: dict[str, Any] = {
        "global": {"scrape_interval": "15s", "evaluation_interval": "15s"},
        # Globs only in the file name: a folder per service.
        "rule_files": [f"rules/{node.name}/*.yml" for node in all_nodes],
    }
    if alerting:
        config["alerting"] = {
            "alertmanagers": [{"static_configs": [{"targets": ["alertmanager:9093"]}]}]
        }
    jobs: list[dict[str, Any]] = [
        {
            "job_name": node.name,
            "dns_sd_configs": [
                {
                    "names": [node.name],
                    "type": "A",
                    "port": PORTS[node.template],
                    "refresh_interval": "15s",
                }
            ],
        }
        for node in all_nodes
    ]
    jobs.append({"job_name": "prometheus", "static_configs": [{"targets": ["localhost:9090"]}]})
    if "REDIS_URL" in uses:
        jobs.append({"job_name": "redis", "static_configs": [{"targets": ["redis-exporter:9121"]}]})
    if "RABBITMQ_URL" in uses:
        jobs.append({"job_name": "rabbitmq", "static_configs": [{"targets": ["rabbitmq:15692"]}]})
        jobs.append(
            {
                "job_name": "rabbitmq-queues",
                "metrics_path": "/metrics/detailed",
                "params": {"family": ["queue_coarse_metrics"]},
                "static_configs": [{"targets": ["rabbitmq:15692"]}],
            }
        )
    databases = [
        f"{node.host}-postgres-exporter:9187" for node in all_nodes if "DATABASE_URL" in node.uses
    ]
    if databases:
        jobs.append({"job_name": "postgres", "static_configs": [{"targets": databases}]})
    config["scrape_configs"] = jobs
    return config


GRAFANA_DASHBOARDS = {
    "apiVersion": 1,
    "providers": [
        {
            "name": "system",
            "type": "file",
            "disableDeletion": True,
            "allowUiUpdates": False,
            # A folder per service: /etc/grafana/dashboards/<service>/*.json
            "options": {"path": "/etc/grafana/dashboards", "foldersFromFilesStructure": True},
        }
    ],
}


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


def _yaml(data: dict[str, Any]) -> str:
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, width=100)
    return body.replace(": null\n", ":\n")


def write(system: System, root: Path, description: str) -> None:
    """Write the system's own files into ``root``, beside the baked services."""
    all_nodes = nodes(system, root)
    project = compose(all_nodes)
    gateway_definition = gateway_service(root, all_nodes)
    if gateway_definition is not None:
        project["services"] = {**project["services"], "gateway": gateway_definition}
        upstreams = {node.name: f"{node.host}:{PORTS[node.template]}" for node in all_nodes}
        (root / "nginx").mkdir()
        (root / "nginx" / "default.conf").write_text(
            gateway(
                system, all_nodes, upstreams, listen="80", access_log="/var/log/nginx/access.log"
            )
        )
    header = f"# {system.title}: every service of the system (generated from system.yaml).\n"
    (root / "docker-compose.yml").write_text(header + _yaml(project))
    stack = monitoring(root, all_nodes)
    if stack is not None:
        (root / "docker-compose.monitoring.yml").write_text(
            f"# Monitoring of {system.title}, on top of docker-compose.yml:\n"
            "#   docker compose -f docker-compose.yml -f docker-compose.monitoring.yml up -d\n"
            "# Prometheus http://localhost:9090 scrapes every service; Grafana http://localhost:3000\n"
            "# (admin and GRAFANA_ADMIN_PASSWORD) has every service's dashboards.\n"
            + (TRACES_AND_LOGS_HEADER if "otel-collector" in stack["services"] else "")
            + _yaml(stack)
        )
        folder = root / "monitoring"
        for name in (
            "prometheus",
            "grafana/provisioning/datasources",
            "grafana/provisioning/dashboards",
        ):
            (folder / name).mkdir(parents=True)
        config = prometheus_config(all_nodes, "alertmanager" in stack["services"])
        (folder / "prometheus" / "prometheus.yml").write_text(
            f"# Prometheus of {system.title}: every service and the infrastructure they use; the\n"
            "# alert rules are each service's own (monitoring/prometheus/rules of each).\n"
            + _yaml(config)
        )
        source = root / all_nodes[0].name / "monitoring"
        shutil.copy(
            source / "grafana/provisioning/datasources/prometheus.yml",
            folder / "grafana/provisioning/datasources",
        )
        if "otel-collector" in stack["services"]:
            for name in TRACES_AND_LOGS_FILES:
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(source / name, folder / name)
        (folder / "grafana/provisioning/dashboards/dashboards.yml").write_text(
            "# Every service's dashboards, a folder each, read-only in Grafana: change the JSON\n"
            "# files in <service>/monitoring/grafana/dashboards.\n" + _yaml(GRAFANA_DASHBOARDS)
        )
    context = {
        "system": system,
        "nodes": all_nodes,
        "diagram": diagram(all_nodes),
        "ports": PORTS,
        "gateway": gateway_definition is not None,
        "gateway_port": gateway_port(all_nodes),
        "gateway_default": _default_route(all_nodes),
        "monitoring": stack is not None,
        "tracing": stack is not None and "otel-collector" in stack["services"],
    }
    for name in ("Makefile", "README.md", "smoke.py", ".env.example"):
        (root / name).write_text(_JINJA.get_template(f"{name}.j2").render(context))
    (root / "system.yaml").write_text(description)
