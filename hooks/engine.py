"""Entry point of every template's hooks: ``main(stage, template_dir, answers)``."""

import json
import re
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hooks.manifest import excluded, load_rules, prune, render
from hooks.validate import answer_errors

ROOT = Path(__file__).resolve().parent.parent
COMMON = ROOT / "common"
SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "RABBITMQ_URL")


def pre_gen(answers: Mapping[str, Any]) -> int:
    """Reject invalid answers before anything is written."""
    errors = answer_errors(answers, answers["_service_type"])
    for error in errors:
        print(f"ERROR: {error}", file=sys.stderr)
    if errors:
        print("Nothing was generated; run again with the values fixed.", file=sys.stderr)
    return 1 if errors else 0


def service_variables(project: Path) -> list[str]:
    """The infrastructure URLs (``DATABASE_URL``...) a project's ``.env.example`` names: the
    services its tests, CI jobs and compose files need."""
    text = (project / ".env.example").read_text(encoding="utf-8")
    return [name for name in SERVICE_VARIABLES if re.search(rf"^#? ?{name}=", text, re.M)]


def copy_common(project: Path, answers: Mapping[str, Any]) -> None:
    """Render the shared files (common/) that the answers keep, unless the template has its own.

    They see the answers plus ``_services``: the URL variables of ``service_variables``.
    """
    skipped = excluded(load_rules(COMMON / "manifest.toml"), answers)
    answers = {**answers, "_services": service_variables(project)}
    for source in sorted(COMMON.rglob("*")):
        if source.is_dir() or source.name == "manifest.toml":
            continue
        relative = Path(render(str(source.relative_to(COMMON)), answers))
        target = project / relative
        if target.exists() or any(relative.is_relative_to(path) for path in skipped):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(source.read_text(encoding="utf-8"), answers), encoding="utf-8")
        shutil.copymode(source, target)


def post_gen(template_dir: Path, answers: Mapping[str, Any]) -> int:
    """Add the shared files, then remove the template's files that the answers exclude."""
    project = Path.cwd()
    copy_common(project, answers)
    prune(project, load_rules(template_dir / "manifest.toml"), answers)
    return 0


def main(stage: str, template_dir: Path, answers_json: str) -> None:
    """Run one hook stage and exit with its status."""
    answers = json.loads(answers_json)
    if stage == "pre_gen_project":
        sys.exit(pre_gen(answers))
    sys.exit(post_gen(Path(template_dir), answers))
