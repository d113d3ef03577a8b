"""`python -m system`: a description bakes every service through the same templates and
hooks as a single bake, wired into one Compose project; invalid descriptions write nothing."""

import filecmp
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from system.__main__ import main
from system.description import PORTS, SYSTEM_PORTS
from system.local import Gateway
from tests.conftest import require_tool
from tests.harness import bake

DESCRIPTION = """\
name: healthcare_telemedicine
maturity_level: 3
services:
  - name: healthcare_booking_data_api
    template: data-api
    answers: {resource_name: appointment}
  - name: healthcare_telemedicine_api
    template: business-api
    calls: healthcare_booking_data_api
    answers: {resource_name: appointment, use_rabbitmq: "yes"}
  - name: healthcare_reminder_worker
    template: worker
    calls: healthcare_booking_data_api
    answers: {event_name: appointment.booked}
  - name: healthcare_telemedicine_bot
    template: bot
    calls: healthcare_telemedicine_api
    answers: {resource_name: appointment}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "system.yaml"
    path.write_text(text)
    return path


def same_tree(left: Path, right: Path) -> list[str]:
    """Paths that differ between two folders (missing on one side or different bytes)."""
    comparison = filecmp.dircmp(left, right)
    differences = [
        *comparison.left_only,
        *comparison.right_only,
        *filecmp.cmpfiles(left, right, comparison.common_files, shallow=False)[1],
    ]
    for name in comparison.common_dirs:
        differences += [f"{name}/{path}" for path in same_tree(left / name, right / name)]
    return differences


@pytest.fixture(scope="module")
def baked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("system")
    assert main([str(write(tmp, DESCRIPTION)), "--output", str(tmp / "out")]) == 0
    return tmp / "out" / "healthcare_telemedicine"


def test_each_service_is_what_its_template_bakes_alone(baked: Path, tmp_path: Path) -> None:
    urls = {
        "healthcare_telemedicine_api": {"data_api_url": "http://healthcare-booking-data-api:8001"},
        "healthcare_reminder_worker": {"data_api_url": "http://healthcare-booking-data-api:8001"},
        "healthcare_telemedicine_bot": {
            "business_api_url": "http://healthcare-telemedicine-api:8000"
        },
    }
    description = yaml.safe_load(DESCRIPTION)
    for service in description["services"]:
        answers = {
            "project_name": "Healthcare Telemedicine",
            "maturity_level": "3",
            "service_name": service["name"],
            **service["answers"],
            **urls.get(service["name"], {}),
        }
        alone = bake(service["template"], tmp_path / service["name"], answers)
        assert same_tree(baked / service["name"], alone) == [], service["name"]


def test_the_compose_project_wires_every_service_to_what_it_uses(baked: Path) -> None:
    compose = yaml.safe_load((baked / "docker-compose.yml").read_text())
    services = compose["services"]
    checker = Path(sys.executable).parent / "check-jsonschema"
    command = [
        str(checker),
        "--builtin-schema",
        "vendor.compose-spec",
        baked / "docker-compose.yml",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

    assert sorted(services) == sorted([
        "healthcare_booking_data_api", "healthcare_booking_data_api_postgres",
        "healthcare_telemedicine_api", "healthcare_reminder_worker",
        "healthcare_telemedicine_bot", "rabbitmq", "redis", "gateway",
    ])  # fmt: skip
    for name, service in services.items():
        assert "healthcheck" in service, name
        assert "container_name" not in service, name
        for target in service.get("depends_on", {}):
            assert target in services, f"{name} depends on a missing {target}"
    api = services["healthcare_telemedicine_api"]["environment"]
    assert api["DATA_API_URL"] == "http://healthcare-booking-data-api:8001"
    assert api["RABBITMQ_URL"].endswith("@rabbitmq:5672/")
    worker = services["healthcare_reminder_worker"]
    assert set(worker["depends_on"]) == {"healthcare_booking_data_api", "rabbitmq", "redis"}
    bot = services["healthcare_telemedicine_bot"]["environment"]
    assert bot["BUSINESS_API_URL"] == "http://healthcare-telemedicine-api:8000"
    database = services["healthcare_booking_data_api"]["environment"]["DATABASE_URL"]
    assert "@healthcare-booking-data-api-postgres:5432/" in database
    ports = [port for service in services.values() for port in service.get("ports", [])]
    assert len(ports) == len(set(ports))


def test_readme_diagram_and_makefile_name_every_service(baked: Path) -> None:
    readme = (baked / "README.md").read_text()
    makefile = (baked / "Makefile").read_text()
    assert "```mermaid\nflowchart LR\n" in readme
    assert "healthcare_telemedicine_api -->|HTTP| healthcare_booking_data_api" in readme
    assert "rabbitmq -.->|events| healthcare_reminder_worker" in readme
    for name in ("up", "down", "logs", "test", "e2e"):
        assert f"\n{name}:" in makefile
    for folder in baked.iterdir():
        if (folder / "pyproject.toml").exists():
            assert f"$(MAKE) -C {folder.name} test" in makefile
    smoke = subprocess.run([sys.executable, baked / "smoke.py"], capture_output=True, text=True)
    assert smoke.returncode == 1  # nothing runs: every service is reported missing
    assert smoke.stdout.count("FAILED") == 4, smoke.stdout


def test_the_same_description_bakes_byte_identical_systems(baked: Path, tmp_path: Path) -> None:
    assert main([str(write(tmp_path, DESCRIPTION)), "--output", str(tmp_path / "again")]) == 0
    assert same_tree(baked, tmp_path / "again" / "healthcare_telemedicine") == []


def test_an_existing_target_is_left_alone(baked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(path.name for path in baked.iterdir())
    description = write(baked.parent, DESCRIPTION)
    assert main([str(description), "--output", str(baked.parent)]) == 1
    assert "exists" in capsys.readouterr().err
    assert sorted(path.name for path in baked.iterdir()) == before


SERVICES = DESCRIPTION.split("services:\n")[1]
INVALID = {
    "unknown template": (
        DESCRIPTION.replace("template: worker", "template: cron"),
        "system.yaml:12: template 'cron' does not exist; use one of",
    ),
    "business service calling a missing data-api": (
        DESCRIPTION.replace(
            "calls: healthcare_booking_data_api\n    answers: {resource_name",
            "calls: healthcare_ledger_data_api\n    answers: {resource_name",
        ),
        "system.yaml:7: healthcare_telemedicine_api: calls names no service: a business-api "
        "calls a data-api of the system; use calls: healthcare_booking_data_api",
    ),
    "bot with no business-api to call": (
        DESCRIPTION.replace("    calls: healthcare_telemedicine_api\n", ""),
        "use calls: healthcare_telemedicine_api",
    ),
    "duplicate names": (
        DESCRIPTION + "  - name: healthcare_reminder_worker\n    template: worker\n"
        "    calls: healthcare_booking_data_api\n    port: 8013\n",
        "system.yaml:19: service 'healthcare_reminder_worker' is already defined on line 11",
    ),
    "duplicate ports": (
        DESCRIPTION + "  - name: healthcare_billing_worker\n    template: worker\n"
        "    calls: healthcare_booking_data_api\n",
        "port 8003 of healthcare_billing_worker is taken by healthcare_reminder_worker "
        "(line 11); set port: 8014",
    ),
    "a port of the system's own containers": (
        DESCRIPTION.replace(
            "name: healthcare_reminder_worker\n",
            "name: healthcare_reminder_worker\n    port: 3000\n",
        ),
        "port 3000 of healthcare_reminder_worker is the one of Grafana in the system; "
        "set port: 8014",
    ),
    "invalid service name": (
        DESCRIPTION.replace("healthcare_reminder_worker", "reminder_worker"),
        "system.yaml:11: name 'reminder_worker': use three parts {context}_{domain}_{type}, "
        "not two; try ",
    ),
    "invalid answer": (
        DESCRIPTION.replace('use_rabbitmq: "yes"', 'use_rabbitmq: "maybe"'),
        "use_rabbitmq 'maybe'",
    ),
    "answer the system sets": (
        DESCRIPTION.replace("{event_name: appointment.booked}", "{maturity_level: 4}"),
        "system.yaml:14: healthcare_reminder_worker: 'maturity_level' is not an answer of worker",
    ),
    "repeated key": (
        DESCRIPTION.replace("maturity_level: 3\n", "maturity_level: 3\nmaturity_level: 4\n"),
        "system.yaml:3: 'maturity_level' repeats line 2; keep one of them",
    ),
    "invalid system name": (
        DESCRIPTION.replace("name: healthcare_telemedicine\n", "name: Telemedicine\n"),
        "system.yaml:1: name 'Telemedicine' is not a system name",
    ),
    "no services": ("name: healthcare_telemedicine\nservices: []\n", "non-empty list"),
    "not YAML": (DESCRIPTION + "  - name: [\n", "not valid YAML"),
}


@pytest.mark.parametrize(("text", "message"), INVALID.values(), ids=INVALID.keys())
def test_an_invalid_description_names_the_line_and_the_fix_and_writes_nothing(
    text: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(write(tmp_path, text)), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Nothing was written" in err
    assert not (tmp_path / "out").exists()


def test_the_gateway_and_the_monitoring_stack_are_valid_for_their_tools(
    baked: Path, tmp_path: Path
) -> None:
    compose = yaml.safe_load((baked / "docker-compose.yml").read_text())
    gateway = compose["services"]["gateway"]
    assert gateway["depends_on"] == {
        "healthcare_telemedicine_api": {"condition": "service_healthy"}
    }
    monitoring = baked / "docker-compose.monitoring.yml"
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [checker, "--builtin-schema", "vendor.compose-spec", monitoring],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    stack = yaml.safe_load(monitoring.read_text())["services"]
    # Level 3: Alertmanager, traces and logs come with level 4.
    assert not {"alertmanager", "otel-collector", "jaeger", "loki", "alloy"} & set(stack)
    assert not {"healthcare_telemedicine_api", "healthcare_telemedicine_bot"} & set(stack)
    for name in ("prometheus", "grafana", "redis-exporter"):
        assert name in stack, name

    # nginx -t on a copy whose upstreams resolve here (Compose's DNS names do not).
    config = (baked / "nginx/default.conf").read_text()
    assert "location / {\n        proxy_pass http://healthcare_telemedicine_api;" in config
    local = re.sub(r"server [a-z0-9-]+:(\d+)", r"server 127.0.0.1:\1", config)
    local = local.replace("/var/log/nginx/access.log", str(tmp_path / "access.log"))
    assert Gateway(local, tmp_path / "nginx", 8080).test() == ""

    # promtool on the system's Prometheus, with every service's rules where it mounts them.
    promtool = require_tool("/usr/bin/promtool", "prometheus")
    shutil.copy(baked / "monitoring/prometheus/prometheus.yml", tmp_path / "prometheus.yml")
    prometheus = yaml.safe_load((tmp_path / "prometheus.yml").read_text())
    jobs = {job["job_name"] for job in prometheus["scrape_configs"]}
    services = {name for name in compose["services"] if name.startswith("healthcare_")}
    assert services - {"healthcare_booking_data_api_postgres"} <= jobs
    assert {"redis", "rabbitmq", "postgres"} <= jobs
    for folder in baked.iterdir():
        rules = folder / "monitoring/prometheus/rules"
        if folder.name.startswith("healthcare_") and rules.is_dir():
            shutil.copytree(rules, tmp_path / "rules" / folder.name)
    result = subprocess.run(
        [promtool, "check", "config", tmp_path / "prometheus.yml"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((tmp_path / "rules").iterdir())) == 4


def test_below_level_3_a_system_has_no_gateway_nor_monitoring(tmp_path: Path) -> None:
    text = DESCRIPTION.replace("maturity_level: 3", "maturity_level: 2")
    assert main([str(write(tmp_path, text)), "--output", str(tmp_path / "out")]) == 0
    root = tmp_path / "out" / "healthcare_telemedicine"
    assert not (root / "nginx").exists() and not (root / "monitoring").exists()
    assert not (root / "docker-compose.monitoring.yml").exists()
    assert "gateway" not in yaml.safe_load((root / "docker-compose.yml").read_text())["services"]
    assert "monitoring:" not in (root / "Makefile").read_text()


@pytest.fixture(scope="module")
def level_4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("system4")
    text = DESCRIPTION.replace("maturity_level: 3", "maturity_level: 4")
    assert main([str(write(tmp, text)), "--output", str(tmp / "out")]) == 0
    return tmp / "out" / "healthcare_telemedicine"


def host_ports(service: dict[str, Any]) -> list[str]:
    """The host side of a Compose service's published ports (``${VAR:-8080}`` as 8080)."""
    published = (str(mapping).rsplit(":", 1)[0] for mapping in service.get("ports", []))
    return [re.sub(r"\$\{\w+:-(\d+)\}", r"\1", port) for port in published]


def test_at_level_4_traces_and_logs_of_every_service_go_to_one_stack(level_4: Path) -> None:
    root_file = level_4 / "docker-compose.yml"
    monitoring_file = level_4 / "docker-compose.monitoring.yml"
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [checker, "--builtin-schema", "vendor.compose-spec", root_file, monitoring_file],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    project = yaml.safe_load(root_file.read_text())["services"]
    stack = yaml.safe_load(monitoring_file.read_text())["services"]
    names = [name for name in project if (level_4 / name / "pyproject.toml").exists()]
    assert len(names) == 4

    # One of each container, as each service's own level-4 file defines it; every service's
    # traces to that collector, as its own file sends them.
    for name in names:
        own = yaml.safe_load((level_4 / name / "docker-compose.monitoring.yml").read_text())
        own = own["services"]
        assert stack[name] == own[name], name
        assert stack[name]["environment"]["OTEL_EXPORTER_OTLP_ENDPOINT"] == (
            "http://otel-collector:4318"
        )
        for container in ("otel-collector", "jaeger", "loki", "alloy"):
            assert stack[container] == own[container], container
    images = [service.get("image") for service in stack.values()]
    for container in ("otel-collector", "jaeger", "loki", "alloy"):
        assert images.count(stack[container]["image"]) == 1, container

    # Every file a container binds is in the system's folder.
    for name, service in stack.items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (level_4 / source).exists(), f"{name}: {source}"

    # The collector takes OTLP where the services send it and exports to Jaeger only.
    collector = yaml.safe_load((level_4 / "monitoring/otel-collector/config.yaml").read_text())
    protocols = collector["receivers"]["otlp"]["protocols"]
    assert protocols["http"]["endpoint"].endswith(":4318")
    [pipeline] = collector["service"]["pipelines"].values()
    assert pipeline["receivers"] == ["otlp"]
    for exporter in pipeline["exporters"]:
        assert collector["exporters"][exporter]["endpoint"] == "jaeger:4317"
    assert set(stack["otel-collector"]["depends_on"]) == {"jaeger"}

    # Alloy labels each line with its Compose service (the system's service names) and
    # pushes to the system's Loki.
    alloy = (level_4 / "monitoring/alloy/config.alloy").read_text()
    assert re.search(
        r'source_labels = \["__meta_docker_container_label_com_docker_compose_service"\]\n'
        r'\s*target_label\s*= "service"',
        alloy,
    )
    assert 'url = "http://loki:3100/loki/api/v1/push"' in alloy
    assert "/var/run/docker.sock:/var/run/docker.sock:ro" in stack["alloy"]["volumes"]

    # Grafana's data sources, each a container of the stack, linked to each other by UID.
    folder = level_4 / "monitoring/grafana/provisioning/datasources"
    sources = {
        source["uid"]: source
        for path in sorted(folder.glob("*.yml"))
        for source in yaml.safe_load(path.read_text())["datasources"]
    }
    assert set(sources) == {"prometheus", "loki", "jaeger"}
    for uid, source in sources.items():
        assert source["url"].split("//")[1].split(":")[0] in stack, uid
    [derived] = sources["loki"]["jsonData"]["derivedFields"]
    assert derived["datasourceUid"] == "jaeger"
    assert sources["jaeger"]["jsonData"]["tracesToLogsV2"]["datasourceUid"] == "loki"

    # Both files run together: no host port twice.
    ports = [
        port for service in [*project.values(), *stack.values()] for port in host_ports(service)
    ]
    assert len(ports) == len(set(ports)), ports
    assert {"4317", "4318", "16686", "9093"} <= set(ports)
    # A description may not give a service one of the others (system/description.py).
    services = {str(port) for port in PORTS.values()} | {"8080"}
    assert set(ports) - services == {str(port) for port in SYSTEM_PORTS}
