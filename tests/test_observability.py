"""The monitoring stack of level-3/4 services (issue 8), checked with the real tools:
Prometheus's configuration, alert rules and their unit tests (promtool), every Grafana panel's
query (promtool as the PromQL parser), Alertmanager's configuration (amtool); every metric
that a dashboard or rule names exists in the service's own metrics, and a real Prometheus
scraping a running data-api finds them and evaluates every rule."""

import json
import os
import re
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.combinations import BAKED_COMBINATIONS
from tests.conftest import Bake, require_tool
from tests.harness import ROOT, environment
from tests.live import launch, request
from tests.services import free_port

# Grafana's variables, replaced by a plausible value before promtool parses a panel's query.
GRAFANA_VARIABLES = {"$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h"}
# Metrics of the exporters (postgres_exporter's default collectors, redis_exporter, RabbitMQ's
# rabbitmq_prometheus plugin on /metrics and /metrics/detailed?family=queue_coarse_metrics),
# from their documentation: they cannot run here, so a name outside this list is a typo.
EXPORTER_METRICS = {
    "pg_up", "pg_stat_database_numbackends", "pg_settings_max_connections",
    "pg_replication_lag_seconds",
    "redis_up", "redis_connected_clients", "redis_memory_used_bytes", "redis_memory_max_bytes",
    "rabbitmq_queue_messages_ready", "rabbitmq_queue_messages_unacked",
    "rabbitmq_detailed_queue_messages_ready",
}  # fmt: skip
EXPORTER_PREFIXES = ("pg_", "redis_", "rabbitmq_")
SEVERITIES = {"critical", "warning"}
PROMQL_WORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
    "and", "or", "unless", "inf", "nan",
}  # fmt: skip


def monitoring_answers() -> set[str]:
    """The answers that the monitoring files read, plus those that choose the service's
    dependencies (its ``_services``) or feed a default they read (``resource_plural``)."""
    common = ROOT / "common"
    files = [common / "docker-compose.monitoring.yml", *(common / "monitoring").rglob("*")]
    read = {
        name
        for path in files
        if path.is_file()
        for name in re.findall(r"cookiecutter\.(\w+)", path.read_text(encoding="utf-8"))
    }
    return read | {"use_redis", "use_rabbitmq", "fsm_storage", "resource_name"}


def monitored() -> list[object]:
    """The level-3/4 combinations, one per distinct set of answers the monitoring files see."""
    keys, seen, found = monitoring_answers(), set(), []
    for template, answers in BAKED_COMBINATIONS:
        relevant = (template, tuple(sorted((k, v) for k, v in answers.items() if k in keys)))
        if int(answers.get("maturity_level", "1")) >= 3 and relevant not in seen:
            seen.add(relevant)
            label = ",".join(f"{key}={value}" for key, value in answers.items())
            found.append(pytest.param(template, answers, id=f"{template}[{label}]"))
    return found


def tool(name: str) -> str:
    return require_tool(name, "prometheus-alertmanager" if name == "amtool" else "prometheus")


def run(command: list[str], cwd: Path | None = None, **env: str) -> str:
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env={**os.environ, **env}, timeout=60
    )
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def rules(project: Path) -> list[dict[str, Any]]:
    """Every alerting rule of the project's Prometheus."""
    folder = project / "monitoring/prometheus/rules"
    return [
        rule
        for path in sorted(folder.glob("*.yml"))
        for group in load(path)["groups"]
        for rule in group["rules"]
    ]


def panels(project: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(dashboard file name, panel) for every panel that queries Prometheus."""
    for path in sorted((project / "monitoring/grafana/dashboards").glob("*.json")):
        for panel in json.loads(path.read_text(encoding="utf-8"))["panels"]:
            if panel["type"] != "row":
                yield path.name, panel


def queries(project: Path) -> list[str]:
    """Every PromQL expression of the project's rules and dashboards, Grafana variables
    replaced."""
    found = [rule["expr"] for rule in rules(project)]
    for _, panel in panels(project):
        for target in panel["targets"]:
            expr = target["expr"]
            for variable, value in GRAFANA_VARIABLES.items():
                expr = expr.replace(variable, value)
            found.append(expr)
    return found


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects (not functions, keywords or labels)."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", expr)
    expr = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", expr):
        before = expr[match.start() - 1] if match.start() else " "
        after = expr[match.end() :].lstrip()
        if before.isdigit() or before == "." or after.startswith("("):
            continue  # a number's exponent or unit, or a function
        if match.group().lower() not in PROMQL_WORDS:
            names.add(match.group())
    return names


def service_metrics_named(project: Path) -> set[str]:
    """The metrics that the rules and dashboards expect from the service itself."""
    names = set().union(*map(metric_names, queries(project)))
    return {name for name in names if not name.startswith(EXPORTER_PREFIXES)} - {"up"}


def test_metric_names_are_parsed_from_promql() -> None:
    expr = (
        'histogram_quantile(0.99, sum by (le) (rate(a_bucket{job="x", le!="1e3"}[5m])))'
        ' / on (job) group_left max(b) > 1e3 or absent(up{job="x"}) offset 5m'
    )
    assert metric_names(expr) == {"a_bucket", "b", "up"}


@pytest.mark.parametrize(("template", "answers"), monitored())
def test_monitoring_files_pass_the_tools(
    template: str, answers: dict[str, str], bake: Bake
) -> None:
    project = bake(template, answers)
    monitoring = project / "monitoring"
    promtool = tool("promtool")
    prometheus = monitoring / "prometheus"

    run([promtool, "check", "config", "prometheus.yml"], cwd=prometheus)
    rule_files = sorted(path.name for path in (prometheus / "rules").glob("*.yml"))
    test_files = sorted(path.name for path in (prometheus / "tests").glob("*.test.yml"))
    assert test_files == [name.replace(".yml", ".test.yml") for name in rule_files]
    run([promtool, "check", "rules", *(f"rules/{name}" for name in rule_files)], cwd=prometheus)
    run([promtool, "test", "rules", *(f"tests/{name}" for name in test_files)], cwd=prometheus)

    # Every alert: a severity that Alertmanager routes, a runbook section that exists, and
    # unit tests in which it fires and in which it stays quiet.
    readme = (monitoring / "README.md").read_text(encoding="utf-8")
    anchors = {heading.lower() for heading in re.findall(r"^### (\w+)$", readme, re.M)}
    for link in re.findall(r"\]\(([^)#:]+)", readme):  # the runbooks it points to
        assert (monitoring / link).is_file(), link
    outcomes: dict[str, set[bool]] = {}
    for name in test_files:
        for case in load(prometheus / "tests" / name)["tests"]:
            for check in case["alert_rule_test"]:
                outcomes.setdefault(check["alertname"], set()).add(bool(check["exp_alerts"]))
    for rule in rules(project):
        alert = rule["alert"]
        assert rule["labels"]["severity"] in SEVERITIES, alert
        page, _, anchor = rule["annotations"]["runbook_url"].partition("#")
        assert (project / page).is_file() and anchor in anchors, (alert, anchor)
        assert outcomes.get(alert) == {True, False}, f"{alert}: tested firing and quiet?"

    # Every panel's query parses: promtool reads them as recording rules.
    exprs = queries(project)
    parsed = {"groups": [{"name": "panels", "rules": [
        {"record": f"panel:query_{index}", "expr": expr} for index, expr in enumerate(exprs)
    ]}]}  # fmt: skip
    (prometheus / "panels.yml").write_text(json.dumps(parsed))
    run([promtool, "check", "rules", "panels.yml"], cwd=prometheus)
    (prometheus / "panels.yml").unlink()

    exporters = set().union(*map(metric_names, exprs))
    unknown = {name for name in exporters if name.startswith(EXPORTER_PREFIXES)} - EXPORTER_METRICS
    assert not unknown, f"exporter metrics nobody documents: {sorted(unknown)}"

    check_grafana(project)
    if int(answers.get("maturity_level", "1")) >= 4:
        check_alertmanager(project)


def check_grafana(project: Path) -> None:
    """Dashboards that Grafana can load, on the provisioned data source and folder."""
    grafana = project / "monitoring/grafana"
    sources = load(grafana / "provisioning/datasources/prometheus.yml")["datasources"]
    (provider,) = load(grafana / "provisioning/dashboards/dashboards.yml")["providers"]
    compose = load(project / "docker-compose.monitoring.yml")["services"]["grafana"]
    mounts = dict(volume.split(":")[:2] for volume in compose["volumes"])
    assert mounts["./monitoring/grafana/dashboards"] == provider["options"]["path"]
    home = compose["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert (grafana / "dashboards" / Path(home).name).is_file()
    uids = [
        json.loads(path.read_text(encoding="utf-8"))["uid"]
        for path in (grafana / "dashboards").glob("*.json")
    ]
    assert len(set(uids)) == len(uids) and all(len(uid) <= 40 for uid in uids), uids
    for name, panel in panels(project):
        assert panel["datasource"]["uid"] == sources[0]["uid"], (name, panel["title"])
        assert panel["targets"] and all(t["expr"].strip() for t in panel["targets"])
        assert {"h", "w", "x", "y"} <= panel["gridPos"].keys()


def check_alertmanager(project: Path) -> None:
    """render.sh writes a configuration amtool accepts, with no receiver set and with all,
    and routes critical and warning alerts to their receivers."""
    amtool = tool("amtool")
    render = project / "monitoring/alertmanager/render.sh"
    every_channel = {
        "SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T0/B0/x",
        "ALERT_EMAIL_TO": "oncall@example.com",
        "SMTP_SMARTHOST": "smtp.example.com:587",
        "SMTP_USERNAME": "alerts",
        "SMTP_PASSWORD": 'a "quoted" \\ password',
        "PAGERDUTY_ROUTING_KEY": "0123456789abcdef",
        "ALERT_WEBHOOK_URL": "https://hooks.example.com/alerts",
    }
    for env in ({}, every_channel):
        config = project / "alertmanager.yml"
        config.write_text(run(["sh", str(render)], **env))
        run([amtool, "check-config", str(config)])
        for severity in SEVERITIES:
            routed = run([amtool, "config", "routes", "test", f"--config.file={config}",
                          f"severity={severity}"])  # fmt: skip
            assert routed.strip() == severity
    assert f'auth_password: "{every_channel["SMTP_PASSWORD"]}"' not in config.read_text()
    assert 'auth_password: "a \\"quoted\\" \\\\ password"' in config.read_text()


# The metrics a service exports, read from its own code in its template's environment: every
# module imported, then the default registry's families with their sample suffixes.
EXPORTED = """
import importlib, pkgutil, sys
from prometheus_client import REGISTRY

package = importlib.import_module(sys.argv[1])
for module in pkgutil.walk_packages(package.__path__, sys.argv[1] + "."):
    if not module.name.endswith("__main__"):
        importlib.import_module(module.name)
suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_sum", "_count"]}
for family in REGISTRY.collect():
    for suffix in suffixes.get(family.type, [""]):
        print(family.name + suffix)
"""


@pytest.mark.parametrize("template", ["business-api", "worker", "bot"])
def test_dashboards_and_rules_name_metrics_the_service_exports(template: str, bake: Bake) -> None:
    """The data-api's metrics live in a registry of its app: the live test below reads them."""
    project = bake(template, {"maturity_level": "4"})
    venv = environment(template, project)
    exported = run(
        [str(venv / "bin" / "python"), "-c", EXPORTED, project.name],
        cwd=project,
        PYTHONPATH=str(project / "src"),
    ).split()
    missing = service_metrics_named(project) - set(exported)
    assert not missing, f"named in dashboards or rules, exported by nobody: {sorted(missing)}"


@contextmanager
def prometheus_for(project: Path, target: str, folder: Path) -> Iterator[str]:
    """A real Prometheus with the project's rules, scraping the service's job at ``target``
    every second; yields its URL."""
    config = load(project / "monitoring/prometheus/prometheus.yml")
    job = next(j for j in config["scrape_configs"] if j["job_name"] == project.name)
    config["global"] = {"scrape_interval": "1s", "evaluation_interval": "1s"}
    config.pop("alerting", None)
    config["scrape_configs"] = [{"job_name": job["job_name"],
                                 "static_configs": [{"targets": [target]}]}]  # fmt: skip
    shutil.copytree(project / "monitoring/prometheus/rules", folder / "rules")
    (folder / "prometheus.yml").write_text(yaml.safe_dump(config))
    port = free_port()
    log = folder / "prometheus.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [tool("prometheus"), f"--config.file={folder / 'prometheus.yml'}",
             f"--storage.tsdb.path={folder / 'data'}", f"--web.listen-address=127.0.0.1:{port}",
             "--log.level=warn"],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(15)


def api(prometheus: str, path: str, **params: str) -> Any:
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    with urllib.request.urlopen(f"{prometheus}/api/v1/{path}{query}", timeout=5) as answer:
        return json.load(answer)["data"]


@pytest.mark.xdist_group("data-api")
def test_prometheus_scrapes_a_running_data_api(bake: Bake, tmp_path: Path) -> None:
    """Every metric the data-api's dashboards and rules name is in a real scrape, and every
    rule evaluates without error."""
    project = bake("data-api", {"maturity_level": "3"})
    venv = environment("data-api", project)
    with launch(project, venv, {"LOG_LEVEL": "WARNING"}, tmp_path / "data-api.log") as service:
        resource = f"{service.url}/api/v1/items"
        status, created = request("POST", resource, {"name": "scraped"})
        assert status == 201, created
        assert request("GET", f"{resource}/{created['id']}")[0] == 200
        assert request("GET", f"{resource}/999999")[0] == 404
        target = service.url.removeprefix("http://")
        with prometheus_for(project, target, tmp_path) as prometheus:
            deadline = time.monotonic() + 30
            names: set[str] = set()
            needed = service_metrics_named(project)
            while time.monotonic() < deadline:
                try:
                    names = set(api(prometheus, "label/__name__/values",
                                    **{"match[]": f'{{job="{project.name}"}}'}))  # fmt: skip
                    evaluated = [
                        rule
                        for group in api(prometheus, "rules")["groups"]
                        for rule in group["rules"]
                    ]
                except OSError:
                    evaluated = []
                done = [r for r in evaluated if not r["lastEvaluation"].startswith("0001")]
                if needed <= names and evaluated and done == evaluated:
                    break
                time.sleep(0.5)
            targets = api(prometheus, "targets")["activeTargets"]
            assert [t["health"] for t in targets] == ["up"], targets
            missing = needed - names
            assert not missing, (
                f"named in dashboards or rules, not in the scrape: {sorted(missing)}"
            )
            assert {r["name"] for r in evaluated} == {r["alert"] for r in rules(project)}
            failing = [(r["name"], r.get("lastError")) for r in evaluated if r["health"] != "ok"]
            assert not failing, failing
            for expr in queries(project):  # every panel's query runs (a bad one: HTTP 400)
                api(prometheus, "query", query=expr)


# Level 4: traces (OpenTelemetry Collector -> Jaeger) and logs (Alloy -> Loki), linked in
# Grafana. None of these can run here (no Docker): their files are checked against each
# other, so that every name and port one of them uses is one another defines.
ALLOY_BLOCK = re.compile(r"^([a-z][a-z_.]*) \"([\w-]+)\" \{", re.M)
ALLOY_REFERENCE = re.compile(
    r"\b([a-z][a-z_]*(?:\.[a-z_]+)+)\.([\w-]+)\.(receiver|targets|rules)\b"
)


def mounts(service: dict[str, Any]) -> dict[str, str]:
    """A Compose service's bind mounts: container path -> host path."""
    found = {}
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        if source.startswith(("./", "/")):
            found[target] = source
    return found


def host_port(url: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(url if "://" in url else f"tcp://{url}")
    assert parts.hostname and parts.port, url
    return parts.hostname, parts.port


@pytest.mark.parametrize("template", ["business-api", "data-api", "worker", "bot"])
def test_traces_and_logs_are_wired_at_level_4(template: str, bake: Bake) -> None:
    project = bake(template, {"maturity_level": "4"})
    compose = load(project / "docker-compose.monitoring.yml")["services"]
    for name, service in compose.items():
        image = service.get("image")
        if image is not None:
            tag = image.rpartition(":")[2]
            assert "/" not in tag and tag != "latest", f"{name}: {image} is not pinned"

    # The service sends OTLP/HTTP to the collector, which listens where Compose says.
    environment = compose[project.name]["environment"]
    endpoint = environment["OTEL_EXPORTER_OTLP_ENDPOINT"]
    assert host_port(endpoint) == ("otel-collector", 4318)
    assert "OTEL_EXPORTER_OTLP_ENDPOINT" in (project / ".env.example").read_text()
    collector_service = compose["otel-collector"]
    [config_path] = [arg.split("=", 1)[1] for arg in collector_service["command"]
                     if arg.startswith("--config=")]  # fmt: skip
    collector = load(project / mounts(collector_service)[config_path])
    protocols = collector["receivers"]["otlp"]["protocols"]
    assert host_port(protocols["http"]["endpoint"])[1] == 4318
    assert host_port(protocols["grpc"]["endpoint"])[1] == 4317
    assert {"4317:4317", "4318:4318"} <= set(collector_service["ports"])
    pipelines = collector["service"]["pipelines"]
    assert "traces" in pipelines
    for name, pipeline in pipelines.items():
        for kind in ("receivers", "processors", "exporters"):
            undefined = set(pipeline.get(kind, [])) - set(collector.get(kind) or {})
            assert not undefined, f"pipeline {name} uses undefined {kind}: {undefined}"
    for exporter in collector["exporters"].values():  # Jaeger's OTLP/gRPC port, by name
        assert host_port(exporter["endpoint"]) == ("jaeger", 4317)
    assert set(collector_service["depends_on"]) == {"jaeger"}

    # Loki: the configuration Compose mounts, with structured metadata and a retention.
    loki_service = compose["loki"]
    [loki_path] = [arg.split("=", 1)[1] for arg in loki_service["command"]
                   if arg.startswith("-config.file=")]  # fmt: skip
    loki = load(project / mounts(loki_service)[loki_path])
    loki_port = loki["server"]["http_listen_port"]
    [schema] = loki["schema_config"]["configs"]
    assert (schema["store"], schema["schema"]) == ("tsdb", "v13")  # structured metadata
    assert loki["limits_config"]["allow_structured_metadata"] is True
    assert loki["compactor"]["retention_enabled"] is True
    assert loki["limits_config"]["retention_period"]
    assert str(loki_port) in " ".join(loki_service["healthcheck"]["test"])

    # Alloy: every component it references is defined; it reads the Docker socket
    # read-only and pushes to Loki's port; JSON fields become labels or metadata.
    alloy_service = compose["alloy"]
    config_file = next(arg for arg in alloy_service["command"] if arg.endswith(".alloy"))
    alloy = (project / mounts(alloy_service)[config_file]).read_text()
    defined = set(ALLOY_BLOCK.findall(alloy))
    referenced = {(kind, label) for kind, label, _ in ALLOY_REFERENCE.findall(alloy)}
    assert referenced and referenced <= defined, referenced - defined
    assert "/var/run/docker.sock:/var/run/docker.sock:ro" in alloy_service["volumes"]
    [push] = re.findall(r'url\s*=\s*"([^"]+)"', alloy)
    assert host_port(push) == ("loki", loki_port) and push.endswith("/loki/api/v1/push")
    for stage, fields in {
        "stage.json": ["level", "request_id", "trace_id"],
        "stage.labels": ["level"],
        "stage.structured_metadata": ["request_id", "trace_id"],
    }.items():
        body = alloy.split(f"{stage} {{", 1)[1].split("\n  }", 1)[0]
        assert all(re.search(rf"^\s*{field}\s*=", body, re.M) for field in fields), stage
    assert re.search(r'target_label\s*=\s*"service"', alloy)

    # Grafana: each data source on a Compose service's port; the links between them by uid.
    folder = project / "monitoring/grafana/provisioning/datasources"
    sources = {
        source["uid"]: source
        for path in sorted(folder.glob("*.yml"))
        for source in load(path)["datasources"]
    }
    ports = {"prometheus": 9090, "loki": loki_port, "jaeger": 16686}
    assert {uid: host_port(source["url"]) for uid, source in sources.items()} == {
        uid: (uid, port) for uid, port in ports.items()
    }
    assert "16686:16686" in compose["jaeger"]["ports"]
    [derived] = sources["loki"]["jsonData"]["derivedFields"]
    assert derived["datasourceUid"] == "jaeger" and derived["url"] == "$${__value.raw}"
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    line = json.dumps({"event": "item.created", "request_id": "r", "trace_id": trace_id})
    match = re.search(derived["matcherRegex"], line)
    assert match is not None and match.group(1) == trace_id
    assert sources["jaeger"]["jsonData"]["tracesToLogsV2"]["datasourceUid"] == "loki"


def test_level_3_has_no_traces_or_logs_stack(bake: Bake) -> None:
    project = bake("business-api", {"maturity_level": "3"})
    compose = load(project / "docker-compose.monitoring.yml")["services"]
    assert not {"otel-collector", "jaeger", "loki", "alloy", project.name} & set(compose)
    for path in ("alloy", "loki", "otel-collector",
                 "grafana/provisioning/datasources/logs-and-traces.yml"):  # fmt: skip
        assert not (project / "monitoring" / path).exists(), path
