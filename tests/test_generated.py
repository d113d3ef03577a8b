"""Every supported combination bakes into a service that lints, type-checks and passes its
own tests (at its level's coverage floor) against real services."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.combinations import SUPPORTED_COMBINATIONS
from tests.conftest import Bake, require
from tests.harness import check, debris, needed_services, unrendered
from tests.services import Services

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
HADOLINT = Path(sys.executable).parent / "hadolint"


def label(answers: dict[str, str]) -> str:
    return ",".join(f"{key}={value}" for key, value in answers.items())


@pytest.mark.parametrize(
    ("template", "answers"),
    [
        pytest.param(template, answers, id=f"{template}[{label(answers)}]",
                     marks=pytest.mark.xdist_group(template))
        for template, answers in SUPPORTED_COMBINATIONS
    ],
)  # fmt: skip
def test_baked_service_passes_its_checks(
    template: str, answers: dict[str, str], services: Services, bake: Bake
) -> None:
    project = bake(template, answers)
    assert unrendered(project) == []
    assert debris(project) == []

    compose_files = sorted(project.glob("docker-compose*.yml"))
    assert project / "docker-compose.yml" in compose_files
    validation = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.compose-spec", *compose_files],
        capture_output=True,
        text=True,
    )
    assert validation.returncode == 0, validation.stdout + validation.stderr
    lint = subprocess.run([str(HADOLINT), project / "Dockerfile"], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr

    urls = {name: require(services, name) for name in needed_services(project)}
    for step in check(template, project, urls):
        assert step.ok, f"{step.name} failed in {project.name}:\n{step.output[-6000:]}"
