"""Upgrades in place: a service created with cruft moves up maturity levels, or switches an
option on, with `cruft update --variables-to-update`; on an untouched service the result is
the service a fresh bake with the same answers gives (docs/upgrading.md)."""

import difflib
import filecmp
import json
import re
import tomllib
from pathlib import Path

import pytest

from tests.conftest import BIN, git, run

TEMPLATES = ["business-api", "data-api", "worker", "bot"]
# Options a team switches on later, per template (the level stays 2).
OPTIONS = {
    "business-api": {"use_redis": "yes", "websocket": "yes", "auth": "api_key"},
    "worker": {"use_redis": "yes", "scheduled_jobs": "yes"},
    "bot": {"fsm_storage": "redis", "update_mode": "webhook"},
}


def create(template_repo: Path, template: str, workdir: Path, level: str) -> Path:
    """`cruft create` at ``level``, committed as a team's first commit."""
    workdir.mkdir()
    context = json.dumps({"maturity_level": level})
    run(BIN / "cruft", "create", "--no-input", template_repo, "--directory", template,
        "--extra-context", context, cwd=workdir)  # fmt: skip
    (project,) = workdir.iterdir()
    git("init", "-q", "-b", "main", cwd=project)
    commit(project, "baked")
    return project


def commit(project: Path, message: str) -> None:
    git("add", "-A", cwd=project)
    git("commit", "-q", "--allow-empty", "-m", message, cwd=project)


def update(project: Path, **variables: str) -> None:
    run(BIN / "cruft", "update", "--skip-apply-ask", "--variables-to-update",
        json.dumps(variables), cwd=project)  # fmt: skip
    commit(project, f"update {variables}")


def answers(project: Path) -> dict[str, str]:
    """The answers cruft keeps for the service (private, derived keys left out)."""
    context = json.loads((project / ".cruft.json").read_text())["context"]["cookiecutter"]
    return {key: value for key, value in context.items() if not key.startswith("_")}


def fresh(
    template_repo: Path, template: str, project: Path, output: Path, **overrides: str
) -> Path:
    """A fresh bake with the answers the service records (and ``overrides``)."""
    extra = [f"{key}={value}" for key, value in (answers(project) | overrides).items()]
    run(BIN / "cookiecutter", "--no-input", template_repo, "--directory", template,
        "-o", output, *extra, cwd=output.parent)  # fmt: skip
    return output / project.name


def differences(left: Path, right: Path) -> list[str]:
    """Paths that differ between two trees (.git and .cruft.json left out)."""
    comparison = filecmp.dircmp(left, right, ignore=[".git", ".cruft.json"])
    found = [
        *comparison.left_only,
        *comparison.right_only,
        *filecmp.cmpfiles(left, right, comparison.common_files, shallow=False)[1],
    ]
    for name in comparison.common_dirs:
        found += [f"{name}/{path}" for path in differences(left / name, right / name)]
    return found


def leftovers(project: Path) -> set[str]:
    """The files where an update left rejected hunks (``.rej``) or conflict markers."""
    files = [path for path in project.rglob("*") if path.is_file() and ".git" not in path.parts]
    rejected = {
        str(path.relative_to(project)).removesuffix(".rej")
        for path in files
        if path.suffix == ".rej"
    }
    marked = {
        str(path.relative_to(project))
        for path in files
        if path.read_bytes().startswith(b"<<<<<<< ") or b"\n<<<<<<< " in path.read_bytes()
    }
    return rejected | marked


def changed_line(old: Path, new: Path) -> tuple[Path, str]:
    """A file of both trees and one of its lines that the newer tree replaces."""
    for path in sorted(old.rglob("*")):
        relative = path.relative_to(old)
        if not path.is_file() or not (new / relative).is_file():
            continue
        before, after = path.read_text().splitlines(), (new / relative).read_text().splitlines()
        for tag, start, _, _, _ in difflib.SequenceMatcher(None, before, after).get_opcodes():
            if tag == "replace" and before[start].strip():
                return relative, before[start]
    raise AssertionError("the newer level replaces no line")


@pytest.mark.parametrize("template", TEMPLATES)
def test_level_by_level_and_at_once_upgrades_equal_a_fresh_bake(
    template: str, template_repo: Path, tmp_path: Path
) -> None:
    stepwise = create(template_repo, template, tmp_path / "stepwise", "1")
    for level in ("2", "3", "4"):
        update(stepwise, maturity_level=level)
        assert leftovers(stepwise) == set(), level
        baked = fresh(template_repo, template, stepwise, tmp_path / f"fresh{level}")
        assert differences(stepwise, baked) == [], f"level {level}"

    at_once = create(template_repo, template, tmp_path / "at_once", "1")
    update(at_once, maturity_level="4")
    assert leftovers(at_once) == set()
    assert differences(at_once, stepwise) == []


@pytest.mark.parametrize("template", list(OPTIONS))
def test_options_switched_on_later_equal_a_fresh_bake(
    template: str, template_repo: Path, tmp_path: Path
) -> None:
    project = create(template_repo, template, tmp_path / "work", "2")
    update(project, **OPTIONS[template])
    assert leftovers(project) == set()
    assert {key: answers(project)[key] for key in OPTIONS[template]} == OPTIONS[template]
    assert differences(project, fresh(template_repo, template, project, tmp_path / "fresh")) == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def team_edits(project: Path) -> dict[Path, str]:
    """What a team typically changes after baking; returns a line each edited file keeps."""
    package = project / "src" / project.name
    readme, pyproject, settings = (
        project / "README.md",
        project / "pyproject.toml",
        package / "core/settings.py",
    )
    title = readme.read_text().split("\n", 1)[0]
    edit(readme, title + "\n", f"{title}\n\nOwned by the lending team; on call: #lending-oncall.\n")
    edit(pyproject, "\n]\n", '\n  "babel==2.17.0",\n]\n')  # the first list: dependencies
    default = re.search(r"(\w+: (int|float) = Field\(default=)([\d.]+)", settings.read_text())
    assert default, settings
    changed = str(int(default[3]) + 1) if default[2] == "int" else str(float(default[3]) / 2)
    edit(settings, default[0], default[1] + changed)
    (package / "application" / "team_reports.py").write_text('"""Reports of the team."""\n')
    (package / "api" / "team_reports.py").write_text('"""Routes of the team\'s reports."""\n')
    kept = {
        readme: "#lending-oncall",
        pyproject: '"babel==2.17.0",',
        settings: default[1] + changed,
    }
    routers = package / "api" / "v1" / "__init__.py"
    if routers.is_file():  # the two APIs: the new router joins the version's routers
        text = routers.read_text()
        line = next(line for line in text.splitlines() if line.startswith("ROUTERS"))
        router = line.replace(".router", ".router, team_reports.router", 1)
        edit(routers, line, router)
        kept[routers] = router
    return kept


@pytest.mark.parametrize("template", TEMPLATES)
def test_team_edits_survive_every_level_step_without_conflicts(
    template: str, template_repo: Path, tmp_path: Path
) -> None:
    project = create(template_repo, template, tmp_path / "work", "1")
    kept = team_edits(project)
    commit(project, "the team's changes")
    for level in ("2", "3", "4"):
        update(project, maturity_level=level)
        assert leftovers(project) == set(), level
    for path, line in kept.items():
        assert line in path.read_text(), f"{path.name} lost the team's edit"
    assert (project / "src" / project.name / "application" / "team_reports.py").is_file()


def test_a_team_edit_of_a_line_the_level_changes_is_the_only_conflict(
    template_repo: Path, tmp_path: Path
) -> None:
    project = create(template_repo, "data-api", tmp_path / "work", "1")
    level1 = fresh(template_repo, "data-api", project, tmp_path / "level1")
    level2 = fresh(template_repo, "data-api", project, tmp_path / "level2", maturity_level="2")
    path, line = changed_line(level1, level2)
    edit(project / path, line, line + " (the team's version)")
    commit(project, "the team edits a line the template changes at level 2")

    update(project, maturity_level="2")

    assert leftovers(project) == {str(path)}


def team_owned(template_repo: Path, template: str) -> list[str]:
    """The template-side paths of the files its generated pyproject tells cruft to skip."""
    source = template_repo / template / "{{cookiecutter.service_name}}"
    text = (source / "pyproject.toml").read_text().split("[tool.cruft]", 1)[1]
    paths = re.findall(r'^\s+"(.+)",$', text, flags=re.MULTILINE)
    assert paths, f"{template}: no [tool.cruft] skip list"
    return [re.sub(r"\{\{ (cookiecutter\.\w+) \}\}", r"{{\1}}", path) for path in paths]


@pytest.mark.parametrize("template", TEMPLATES)
def test_template_changes_reach_a_service_except_in_the_files_the_team_owns(
    template: str, template_repo: Path, tmp_path: Path
) -> None:
    project = create(template_repo, template, tmp_path / "work", "2")
    skipped = tomllib.loads((project / "pyproject.toml").read_text())["tool"]["cruft"]["skip"]
    for path in skipped:  # the team rewrites the example into its own domain
        (project / path).write_text((project / path).read_text() + "# the team's domain\n")
    commit(project, "the team's domain")
    source = template_repo / template / "{{cookiecutter.service_name}}"
    for path in [*team_owned(template_repo, template), "README.md"]:
        (source / path).write_text((source / path).read_text() + "\n<!-- template change -->\n")
    git("commit", "-q", "-am", "a template change", cwd=template_repo)

    update(project)

    assert leftovers(project) == set()
    assert (project / "README.md").read_text().endswith("<!-- template change -->\n")
    for path in skipped:
        text = (project / path).read_text()
        assert text.endswith("# the team's domain\n") and "template change" not in text, path
