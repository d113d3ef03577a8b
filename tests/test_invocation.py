"""Every way users invoke the collection: the menu, --directory, a local path, cruft."""

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import BIN, git, run
from tests.harness import ROOT


def test_menu_lists_the_four_templates_and_bakes_the_choice(tmp_path: Path) -> None:
    menu = json.loads((ROOT / "cookiecutter.json").read_text())["templates"]
    assert list(menu) == ["business-api", "data-api", "worker", "bot"]
    assert all(entry["title"] and entry["description"] for entry in menu.values())
    result = run(BIN / "cookiecutter", ROOT, "-o", tmp_path, cwd=tmp_path, stdin="3\n" + "\n" * 20)
    assert "Select a template" in result.stdout
    assert (tmp_path / "finance_scoring_worker" / "pyproject.toml").is_file()


def test_menu_without_input_takes_the_first_template(tmp_path: Path) -> None:
    run(BIN / "cookiecutter", "--no-input", ROOT, "-o", tmp_path, cwd=tmp_path)
    assert (tmp_path / "finance_lending_api" / "pyproject.toml").is_file()


@pytest.mark.parametrize(
    ("template", "project"),
    [
        ("business-api", "finance_lending_api"),
        ("data-api", "finance_lending_data_api"),
        ("worker", "finance_scoring_worker"),
        ("bot", "finance_lending_bot"),
    ],
)
def test_directory_option_and_local_path_give_the_same_project(
    template: str, project: str, tmp_path: Path
) -> None:
    by_directory, by_path = tmp_path / "directory", tmp_path / "path"
    run(BIN / "cookiecutter", "--no-input", ROOT, "--directory", template, "-o", by_directory,
        cwd=tmp_path)  # fmt: skip
    run(BIN / "cookiecutter", "--no-input", ROOT / template, "-o", by_path, cwd=tmp_path)
    files = sorted(p.relative_to(by_directory) for p in by_directory.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(by_path) for p in by_path.rglob("*") if p.is_file())
    assert (by_directory / project / "pyproject.toml").is_file()


@pytest.mark.parametrize("template", ["business-api", "data-api", "worker", "bot"])
def test_cruft_create_then_update_brings_template_changes(
    template: str, template_repo: Path, tmp_path: Path
) -> None:
    workdir = tmp_path / "work"
    workdir.mkdir()
    run(BIN / "cruft", "create", "--no-input", template_repo, "--directory", template,
        "--extra-context", '{"maturity_level": "2"}', cwd=workdir)  # fmt: skip
    (project,) = workdir.iterdir()
    state = json.loads((project / ".cruft.json").read_text())
    assert state["directory"] == template
    assert state["context"]["cookiecutter"]["maturity_level"] == "2"
    assert (project / ".pre-commit-config.yaml").is_file(), "the engine ran under cruft"
    git("init", "-q", "-b", "main", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", "baked", cwd=project)
    run(BIN / "cruft", "check", cwd=project)

    readme = template_repo / template / "{{cookiecutter.service_name}}" / "README.md"
    readme.write_text(readme.read_text() + "\nA line added by the template maintainers.\n")
    git("commit", "-q", "-am", "template change", cwd=template_repo)
    with pytest.raises(subprocess.CalledProcessError):
        run(BIN / "cruft", "check", cwd=project)
    run(BIN / "cruft", "update", "--skip-apply-ask", "--allow-untracked-files", cwd=project)
    assert "A line added by the template maintainers." in (project / "README.md").read_text()
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", "update", cwd=project)
    run(BIN / "cruft", "check", cwd=project)


def test_relative_template_paths_find_the_shared_hooks(template_repo: Path) -> None:
    """cookiecutter names the template folder relative to where it was started."""
    workdir = template_repo.parent
    run(BIN / "cookiecutter", "--no-input", "templates/data-api", "-o", "by_path", cwd=workdir)
    run(BIN / "cookiecutter", "--no-input", "templates", "--directory", "bot", "-o", "by_directory",
        cwd=workdir)  # fmt: skip
    assert (workdir / "by_path/finance_lending_data_api/.gitignore").is_file()  # from common/
    assert (workdir / "by_directory/finance_lending_bot/.gitignore").is_file()
