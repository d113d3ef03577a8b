"""The collection as an organization's template registry: pinned by tag, organization
defaults from a user config file, replayed answers, the organization's own template in the
menu beside ours (docs/registry.md)."""

import json
from pathlib import Path

from tests.conftest import BIN, git, run
from tests.harness import ROOT


def bake(*args: str | Path, cwd: Path, stdin: str = "", config: str = "") -> None:
    """Run cookiecutter with a user config of its own in ``cwd`` (clones and replays there,
    never in the user's home)."""
    path = cwd / "cookiecutter-config.yaml"
    path.write_text(f"cookiecutters_dir: {cwd / 'clones'}\nreplay_dir: {cwd / 'replay'}\n{config}")
    run(BIN / "cookiecutter", "--config-file", path, *args, cwd=cwd, stdin=stdin)


def test_a_tag_pins_the_collection(template_repo: Path, tmp_path: Path) -> None:
    git("tag", "v1.0.0", cwd=template_repo)
    readme = template_repo / "worker" / "{{cookiecutter.service_name}}" / "README.md"
    readme.write_text(readme.read_text() + "\nA change after v1.0.0.\n")
    git("commit", "-q", "-am", "after the tag", cwd=template_repo)
    url = f"git+file://{template_repo}"

    for checkout, output in (("v1.0.0", tmp_path / "pinned"), ("main", tmp_path / "latest")):
        bake("--no-input", url, "--checkout", checkout, "--directory", "worker", "-o", output,
             cwd=tmp_path)  # fmt: skip

    assert "after v1.0.0" not in (tmp_path / "pinned/finance_scoring_worker/README.md").read_text()
    assert "after v1.0.0" in (tmp_path / "latest/finance_scoring_worker/README.md").read_text()


def test_organization_defaults_come_from_a_user_config(tmp_path: Path) -> None:
    defaults = (
        "default_context:\n"
        '  author_name: "Payments Platform"\n'
        '  author_email: "payments@example.org"\n'
        '  ci_provider: "gitlab"\n'
        '  maturity_level: "3"\n'
    )
    bake("--no-input", ROOT, "--directory", "worker", "-o", tmp_path, cwd=tmp_path,
         config=defaults)  # fmt: skip

    project = tmp_path / "finance_scoring_worker"
    assert (
        'authors = [{ name = "Payments Platform", email = "payments@example.org" }]'
        in (project / "pyproject.toml").read_text()
    )
    assert (project / ".gitlab-ci.yml").is_file()
    assert not (project / ".github").exists()
    assert (project / "docker-compose.dev.yml").is_file()  # level 2 and up


def test_replayed_answers_bake_the_same_service(tmp_path: Path) -> None:
    answers = "\n".join(["Healthcare Telemedicine", "", "", "", "", "", "2"]) + "\n" * 20
    bake(ROOT / "bot", "-o", tmp_path / "first", cwd=tmp_path, stdin=answers)
    [replay] = (tmp_path / "replay").glob("*.json")
    assert json.loads(replay.read_text())["cookiecutter"]["maturity_level"] == "2"

    bake("--replay-file", replay, ROOT / "bot", "-o", tmp_path / "again", cwd=tmp_path)

    first = tmp_path / "first" / "healthcare_telemedicine_bot"
    again = tmp_path / "again" / "healthcare_telemedicine_bot"
    files = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(again) for path in again.rglob("*") if path.is_file())
    assert all((first / path).read_bytes() == (again / path).read_bytes() for path in files)


def test_an_organization_template_joins_the_menu(template_repo: Path, tmp_path: Path) -> None:
    own = template_repo / "payments-job"
    (own / "{{cookiecutter.service_name}}").mkdir(parents=True)
    (own / "cookiecutter.json").write_text(
        json.dumps({"service_name": "payments_settlement_job", "schedule": "0 3 * * *"})
    )
    (own / "{{cookiecutter.service_name}}" / "README.md").write_text(
        "# {{ cookiecutter.service_name }}\n\nRuns at {{ cookiecutter.schedule }}.\n"
    )
    menu_file = template_repo / "cookiecutter.json"
    menu = json.loads(menu_file.read_text())
    menu["templates"]["payments-job"] = {
        "path": "./payments-job",
        "title": "Payments job",
        "description": "The payments team's nightly batch job",
    }
    menu_file.write_text(json.dumps(menu, indent=2) + "\n")
    git("add", "-A", cwd=template_repo)
    git("commit", "-q", "-m", "the organization's own template", cwd=template_repo)

    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    for folder, choice in ((theirs, "5"), (ours, "1")):
        folder.mkdir()
        bake(f"git+file://{template_repo}", cwd=folder, stdin=f"{choice}\n" + "\n" * 20)

    readme = theirs / "payments_settlement_job" / "README.md"
    assert readme.read_text() == "# payments_settlement_job\n\nRuns at 0 3 * * *.\n"
    assert (ours / "finance_lending_api" / "pyproject.toml").is_file()
