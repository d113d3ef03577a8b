"""Level 4 operations files, checked with the tools that read them: Kubernetes manifests
(kubernetes-validate, strict, against the oldest and newest Kubernetes minor versions still
supported), the deploy/backup/restore scripts (shellcheck), the CD jobs of both CI providers,
the runbooks; and backup.sh then restore.sh round-trip a real PostgreSQL database."""

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.combinations import BAKED_COMBINATIONS
from tests.conftest import Bake, require_tool
from tests.harness import bake as bake_into
from tests.services import postgres
from tests.test_generated import label

# One worker bakes each case once for both tests of the case.
pytestmark = pytest.mark.xdist_group("operations")

BIN = Path(sys.executable).parent
# Debian's PostgreSQL binaries (pg_dump, pg_restore, psql), the newest installed version.
PG_BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), default=Path("/nonexistent"))
KUBERNETES_VERSIONS = ("1.35.0", "1.37.0")
PORTS = {"business-api": 8000, "data-api": 8001, "worker": 8003, "bot": 8004}
RUNBOOKS = {
    "business-api": {"high-memory.md", "service-degradation.md"},
    "data-api": {"database-failover.md", "high-memory.md", "service-degradation.md"},
    "worker": {"dead-letter-queue.md", "high-memory.md", "service-degradation.md"},
    "bot": {"high-memory.md", "service-degradation.md"},
}
# The answers that change these files; other level-4 combinations would repeat a case.
RELEVANT = ("ci_provider", "service_name", "update_mode", "scheduled_jobs", "use_redis",
            "file_storage", "auth", "use_rabbitmq")  # fmt: skip
CASES_BY_ID = {
    f"{template}[{label({k: v for k, v in answers.items() if k in RELEVANT})}]": (template, answers)
    for template, answers in BAKED_COMBINATIONS
    if answers.get("maturity_level") == "4"
}


@pytest.fixture(scope="module")
def baked(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The project of a case, baked once for the tests of this module."""
    projects: dict[str, Path] = {}

    def get(case: str) -> Path:
        if case not in projects:
            template, answers = CASES_BY_ID[case]
            projects[case] = bake_into(template, tmp_path_factory.mktemp("ops"), answers)
        return projects[case]

    return get


def run(*command: str | Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)


def validate(document: dict[str, Any], version: str) -> None:
    """kubernetes-validate's strict check: unknown fields are errors too."""
    kubernetes_validate.validate(document, version, strict=True)


def single_replica(template: str, answers: dict[str, str]) -> bool:
    if template == "bot":
        return answers.get("update_mode", "polling") == "polling"
    if template == "worker":
        return answers.get("scheduled_jobs") == "yes" and answers.get("use_redis") == "no"
    return False


@pytest.mark.parametrize("case", CASES_BY_ID)
def test_kubernetes_manifests(case: str, baked: Callable[[str], Path]) -> None:
    template, answers = CASES_BY_ID[case]
    project = baked(case)
    folder = project / "deploy" / "k8s"
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    resources = sorted(folder / name for name in kustomization["resources"])
    assert resources == sorted(p for p in folder.glob("*.yaml") if p.name != "kustomization.yaml")
    documents = {p.stem: yaml.safe_load(p.read_text()) for p in resources}
    for document in documents.values():
        for version in KUBERNETES_VERSIONS:
            validate(document, version)

    name = project.name.replace("_", "-")
    assert all(d["metadata"]["name"].startswith(name) for d in documents.values())
    container = documents["deployment"]["spec"]["template"]["spec"]["containers"][0]
    assert container["ports"] == [{"name": "http", "containerPort": PORTS[template]}]
    assert f"PORT={PORTS[template]}\n" in (project / ".env.example").read_text()
    assert container["livenessProbe"]["httpGet"] == {"path": "/health", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "http"}
    assert {"cpu", "memory"} <= container["resources"]["requests"].keys()
    assert "memory" in container["resources"]["limits"]
    assert {e.get("configMapRef", e.get("secretRef"))["name"] for e in container["envFrom"]} == {
        f"{name}-config",
        f"{name}-secrets",
    }
    public = template == "business-api" or answers.get("update_mode") == "webhook"
    assert ("ingress" in documents) == public
    single = single_replica(template, answers)
    assert ("hpa" in documents) == ("pdb" in documents) == (not single)
    assert (documents["deployment"]["spec"]["replicas"] == 1) == single


@pytest.mark.parametrize(
    "spec",
    [{"replicas": "two"}, {"replica": 2}],
    ids=["wrong type", "unknown field"],
)
def test_kubernetes_validate_rejects_a_broken_manifest(spec: dict[str, Any]) -> None:
    document = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"}}
    document["spec"] = {"selector": {}, "template": {"spec": {"containers": []}}, **spec}
    with pytest.raises(kubernetes_validate.ValidationError):
        validate(document, KUBERNETES_VERSIONS[-1])


@pytest.mark.parametrize("case", CASES_BY_ID)
def test_operations_files(case: str, baked: Callable[[str], Path]) -> None:
    template, answers = CASES_BY_ID[case]
    project = baked(case)
    assert {p.name for p in (project / "docs" / "runbooks").iterdir()} == RUNBOOKS[template]
    docs = [project / "docs" / "deployment.md", *sorted((project / "docs").rglob("*.md"))]
    for doc in docs:
        text = doc.read_text()
        assert project.name.replace("_", "-") in text or project.name in text, doc
        assert "TODO" not in text, doc
    scripts = sorted((project / "scripts").glob("*.sh"))
    assert (project / "scripts" / "deploy.sh") in scripts
    assert ((project / "scripts" / "backup.sh") in scripts) == (template == "data-api")
    assert all(os.access(script, os.X_OK) for script in scripts)
    result = run(BIN / "shellcheck", *scripts)
    assert result.returncode == 0, result.stdout

    provider = answers.get("ci_provider", "github")
    if provider == "github":
        workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
        jobs = workflow["jobs"]
        assert not any("continue-on-error" in job for job in jobs.values())
        assert jobs["image"]["needs"] == ["check", "pre-commit", "audit"]
        assert jobs["deploy-production"]["environment"] == "production"
        assert "deploy-staging" in jobs["deploy-production"]["needs"]
        rollback = yaml.safe_load((project / ".github/workflows/rollback.yml").read_text())
        assert "tag" in rollback[True]["workflow_dispatch"]["inputs"]  # YAML 1.1 reads "on" as True
    else:
        pipeline = yaml.safe_load((project / ".gitlab-ci.yml").read_text())
        assert not any(isinstance(j, dict) and "allow_failure" in j for j in pipeline.values())
        assert pipeline["deploy-production"]["rules"][0]["when"] == "manual"
        assert pipeline["deploy-production"]["environment"]["name"] == "production"
        assert "ROLLBACK_TAG" in "\n".join(pipeline["rollback-production"]["script"])


def test_below_level_4_no_operations_files(bake: Bake) -> None:
    project = bake("data-api", {"maturity_level": "3"})
    for path in ("deploy", "docs", "scripts/backup.sh", "scripts/deploy.sh"):
        assert not (project / path).exists(), path
    assert not (project / ".github/workflows/rollback.yml").exists()
    assert "deploy-production" not in (project / ".github/workflows/ci.yml").read_text()


def psql(url: str, sql: str) -> str:
    result = run(PG_BIN / "psql", url, "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-Atc", sql)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_backup_then_restore_round_trips_a_database(bake: Bake, tmp_path: Path) -> None:
    require_tool(str(PG_BIN / "pg_dump"), "postgresql")
    project = bake("data-api", {"maturity_level": "4"})
    backup, restore = project / "scripts" / "backup.sh", project / "scripts" / "restore.sh"
    with postgres() as server:
        base = server.rsplit("/", 1)[0]
        psql(server, "CREATE DATABASE source")
        psql(server, "CREATE DATABASE target")
        source, target = f"{base}/source", f"{base}/target"
        psql(source, "CREATE TABLE loans (id serial PRIMARY KEY, amount numeric, note text)")
        psql(
            source,
            "INSERT INTO loans (amount, note) SELECT g * 100, 'loan ' || g"
            " FROM generate_series(1, 500) g",
        )
        rows = psql(source, "SELECT md5(string_agg(l::text, ',' ORDER BY id)) FROM loans l")

        env = {**os.environ, "PATH": f"{PG_BIN}:{os.environ['PATH']}", "BACKUP_DIR": str(tmp_path)}
        env |= {"BACKUP_KEEP": "3", "BACKUP_KEEP_DAYS": "30"}
        env["DATABASE_URL"] = source.replace("postgresql:", "postgresql+asyncpg:")
        # Earlier dumps (names carry the time): with the new one, the oldest is one too many
        # for BACKUP_KEEP, and the next one (40 days old) is too old for BACKUP_KEEP_DAYS.
        oldest, aged, kept = (
            tmp_path / f"{project.name}-{stamp}.dump"
            for stamp in ("20250101T000000Z", "20260101T000000Z", "20260102T030405Z")
        )
        for path in (oldest, aged, kept):
            path.write_bytes(b"")
        os.utime(aged, (time.time() - 40 * 86400,) * 2)
        result = run(backup, env=env, cwd=project)
        assert result.returncode == 0, result.stderr
        dumps = sorted(tmp_path.glob("*.dump"))
        assert len(dumps) == 2 and dumps[0] == kept, "retention by count and by age"
        assert not list(tmp_path.glob("*.partial"))

        env["DATABASE_URL"] = target
        result = run(restore, dumps[-1], env=env, cwd=project)
        assert result.returncode == 0, result.stderr
        assert psql(target, "SELECT md5(string_agg(l::text, ',' ORDER BY id)) FROM loans l") == rows
        assert psql(target, "SELECT nextval('loans_id_seq')") == "501"

        refused = run(restore, dumps[-1], env=env, cwd=project)
        assert refused.returncode == 1 and "already has 1 tables" in refused.stderr
        psql(target, "DELETE FROM loans WHERE id > 10")
        result = run(restore, "--clean", dumps[-1], env=env, cwd=project)
        assert result.returncode == 0, result.stderr
        assert psql(target, "SELECT count(*) FROM loans") == "500"

        usage = run(restore, env=env, cwd=project)
        assert usage.returncode == 2 and "Usage: scripts/restore.sh" in usage.stderr
