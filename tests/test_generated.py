"""Every supported combination bakes into a service that lints, type-checks and passes its
own tests (at its level's coverage floor) against real services; every baked combination's
files are valid for the tools that read them."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.combinations import BAKED_COMBINATIONS, SUPPORTED_COMBINATIONS
from tests.conftest import Bake, require
from tests.harness import check, debris, needed_services, unrendered
from tests.services import Services

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
HADOLINT = Path(sys.executable).parent / "hadolint"


CI_SCHEMAS = {
    ".github/workflows": "vendor.github-workflows",
    ".gitlab-ci.yml": "vendor.gitlab-ci",
}


def label(answers: dict[str, str]) -> str:
    return ",".join(f"{key}={value}" for key, value in answers.items())


def params(combinations: list[tuple[str, dict[str, str]]]) -> list[object]:
    return [
        pytest.param(template, answers, id=f"{template}[{label(answers)}]")
        for template, answers in combinations
    ]


def validate(schema: str, files: list[Path]) -> None:
    command = [str(CHECK_JSONSCHEMA), "--builtin-schema", schema, *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("template", "answers"), params(BAKED_COMBINATIONS))
def test_baked_files_are_valid(template: str, answers: dict[str, str], bake: Bake) -> None:
    project = bake(template, answers)
    assert unrendered(project) == []
    assert debris(project) == []

    compose_files = sorted(project.glob("docker-compose*.yml"))
    assert project / "docker-compose.yml" in compose_files
    validate("vendor.compose-spec", compose_files)
    for path, schema in CI_SCHEMAS.items():
        files = sorted((project / path).glob("*.yml")) if path.endswith("s") else [project / path]
        if (project / path).exists():
            validate(schema, files)
    # The CI test job runs what a developer runs: the Makefile's test target.
    github, gitlab = project / ".github/workflows/ci.yml", project / ".gitlab-ci.yml"
    if github.exists():
        assert "\n      - run: make test\n" in github.read_text()
    if gitlab.exists():
        assert "\n    - make test\n" in gitlab.read_text()
    lint = subprocess.run([str(HADOLINT), project / "Dockerfile"], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    # Every image records its commit (GET /debug, Sentry), and every CI image build passes it.
    assert "ARG GIT_SHA=unknown\nENV GIT_SHA=$GIT_SHA\n" in (project / "Dockerfile").read_text()
    if github.exists() and "docker/build-push-action" in github.read_text():
        assert "build-args: GIT_SHA=${{ github.sha }}\n" in github.read_text()
    if gitlab.exists():
        builds = [line for line in gitlab.read_text().splitlines() if "docker build " in line]
        assert all('--build-arg GIT_SHA="$CI_COMMIT_SHA"' in line for line in builds)
    assert readme_gaps(project) == []


# A service's README stands on its own: what it is, how to run it with and without Docker,
# its settings, how to deploy it at its level and how to test it.
README_SECTIONS = ["## Quick start", "## Configuration", "## Deployment", "## Tests"]
README_MENTIONS = [
    ("make install",), ("docker compose", "make up"), (".env.example",), ("make test",),
]  # fmt: skip


def readme_gaps(project: Path) -> list[str]:
    text = (project / "README.md").read_text()
    gaps = [section for section in README_SECTIONS if f"\n{section}\n" not in text]
    for any_of in README_MENTIONS:
        if not any(mention in text for mention in any_of):
            gaps.append(" or ".join(any_of))
    for path in ["docker-compose.prod.yml", "docs/deployment.md", "docker-compose.monitoring.yml"]:
        if (project / path).exists() and path not in text:
            gaps.append(f"{path} exists but the README does not say what it is for")
    return gaps


@pytest.mark.parametrize(("template", "answers"), params(SUPPORTED_COMBINATIONS))
def test_baked_service_passes_its_checks(
    template: str, answers: dict[str, str], services: Services, bake: Bake
) -> None:
    project = bake(template, answers)
    urls = {name: require(services, name) for name in needed_services(project)}
    for step in check(template, project, urls):
        assert step.ok, f"{step.name} failed in {project.name}:\n{step.output[-6000:]}"
