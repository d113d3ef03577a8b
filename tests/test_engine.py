"""The shared hook engine: manifest rules, shared files, determinism."""

import hashlib
from pathlib import Path

import pytest

from hooks.manifest import keeps, prune
from tests.conftest import Bake
from tests.harness import TEMPLATES, debris

ANSWERS = {"maturity_level": "2", "ci_provider": "gitlab", "languages": "en, ru"}


@pytest.mark.parametrize(
    ("rule", "kept"),
    [
        ({"paths": ["x"]}, True),
        ({"paths": ["x"], "min_level": 2}, True),
        ({"paths": ["x"], "min_level": 3}, False),
        ({"paths": ["x"], "when": {"ci_provider": "gitlab"}}, True),
        ({"paths": ["x"], "when": {"ci_provider": "github"}}, False),
        ({"paths": ["x"], "when": {"ci_provider": ["github", "gitlab"]}}, True),
        ({"paths": ["x"], "min_level": 3, "when": {"ci_provider": "gitlab"}}, False),
        ({"paths": ["x"], "includes": {"languages": "ru"}}, True),
        ({"paths": ["x"], "when_any": {"ci_provider": "github", "maturity_level": "2"}}, True),
        ({"paths": ["x"], "when_any": {"ci_provider": "github", "maturity_level": "3"}}, False),
        ({"paths": ["x"], "includes": {"languages": "de"}}, False),
    ],
)
def test_rule_keeps_files_for_matching_answers(rule: dict[str, object], kept: bool) -> None:
    assert keeps(rule, ANSWERS) is kept


def test_prune_removes_excluded_files_folders_and_empty_parents(tmp_path: Path) -> None:
    for name in ("keep.txt", "docs/level3.md", "ci/github/ci.yml", "ci/gitlab.yml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    rules = [
        {"paths": ["docs/level3.md"], "min_level": 3},
        {"paths": ["ci/github"], "when": {"ci_provider": "github"}},
        {"paths": ["ci/{{ cookiecutter.ci_provider }}.yml"], "when": {"ci_provider": "none"}},
    ]
    prune(tmp_path, rules, ANSWERS)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == ["keep.txt"]


def tree_digest(project: Path) -> dict[str, str]:
    return {
        str(path.relative_to(project)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(project.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("level", ["1", "4"])
def test_same_answers_bake_byte_identical_trees(template: str, level: str, bake: Bake) -> None:
    first = bake(template, {"maturity_level": level})
    second = bake(template, {"maturity_level": level})
    assert first.parent != second.parent
    assert tree_digest(first) == tree_digest(second)


@pytest.mark.parametrize("template", TEMPLATES)
def test_shared_files_and_ci_provider_wiring(template: str, bake: Bake) -> None:
    github = bake(template, {"ci_provider": "github"})
    gitlab = bake(template, {"ci_provider": "gitlab", "maturity_level": "2"})
    plain = bake(template, {"ci_provider": "none"})
    assert (github / ".github" / "workflows" / "ci.yml").is_file()
    assert not (github / ".gitlab-ci.yml").exists()
    assert (gitlab / ".gitlab-ci.yml").is_file()
    assert not (gitlab / ".github").exists()
    assert not (plain / ".github").exists()
    assert not (plain / ".gitlab-ci.yml").exists()
    assert (gitlab / ".pre-commit-config.yaml").is_file()
    assert not (plain / ".pre-commit-config.yaml").exists()
    for project in (github, gitlab, plain):
        assert (project / "Makefile").is_file()
        assert (project / "Dockerfile").is_file()
        assert (project / "src" / project.name / "core" / "logging.py").is_file()
        # APIs share a uvicorn entry point; the worker and the bot keep their own.
        main = (project / "src" / project.name / "__main__.py").read_text()
        assert ("uvicorn.run" in main) is template.endswith("api")


def test_debris_check_finds_whitespace_left_by_template_tags(tmp_path: Path) -> None:
    (tmp_path / "clean.py").write_text("import os\n\n\ndef f() -> None:\n    pass\n")
    (tmp_path / "clean.yml").write_text("a: 1\n\nb: 2\n")
    (tmp_path / "gaps.yml").write_text("a: 1\n\n\nb: 2\n")
    (tmp_path / "trailing.toml").write_text('name = "x"  \n')
    (tmp_path / "end.md").write_text("# Title\n\n")
    assert debris(tmp_path) == [
        "end.md: starts with a blank line or ends without exactly one newline",
        "gaps.yml: more than 1 blank line(s) in a row",
        "trailing.toml:1: trailing whitespace",
    ]
