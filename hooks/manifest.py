"""Post-generation pruning driven by manifests: data that maps files to levels and options.

A manifest is a TOML file with ``[[rule]]`` tables::

    [[rule]]
    paths = ["docker-compose.dev.yml", "tests/integration"]
    min_level = 2                       # kept from this maturity level on
    when = { ci_provider = "github" }   # kept only for these answers (value or list)
    includes = { languages = "ru" }     # kept only when a comma-separated answer lists it
    when_any = { use_rabbitmq = "yes", websocket = "yes" }  # kept when any of them matches

A path is relative to the generated project and may contain ``{{ cookiecutter.x }}``
placeholders; a directory takes everything below it. Files no rule names are always kept.
"""

import shutil
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined

_ENV = Environment(undefined=StrictUndefined, keep_trailing_newline=True)


def render(text: str, answers: Mapping[str, Any]) -> str:
    """Render ``text`` with the answers under the name ``cookiecutter``."""
    return _ENV.from_string(text).render(cookiecutter=answers)


def load_rules(path: Path) -> list[dict[str, Any]]:
    """Read the ``[[rule]]`` tables of a manifest (none when the file is absent)."""
    if not path.is_file():
        return []
    return list(tomllib.loads(path.read_text(encoding="utf-8")).get("rule", []))


def matches(answers: Mapping[str, Any], key: str, wanted: object) -> bool:
    """Whether the answer to ``key`` is ``wanted`` (a value or a list of values)."""
    allowed = wanted if isinstance(wanted, list) else [wanted]
    return str(answers[key]) in [str(value) for value in allowed]


def keeps(rule: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    """Whether the answers keep the files of ``rule``."""
    if int(answers["maturity_level"]) < int(rule.get("min_level", 1)):
        return False
    if not all(matches(answers, key, wanted) for key, wanted in rule.get("when", {}).items()):
        return False
    any_of = rule.get("when_any", {})
    if any_of and not any(matches(answers, key, wanted) for key, wanted in any_of.items()):
        return False
    for key, item in rule.get("includes", {}).items():
        if item not in [part.strip() for part in str(answers[key]).split(",")]:
            return False
    return True


def excluded(rules: list[dict[str, Any]], answers: Mapping[str, Any]) -> list[Path]:
    """The paths (relative to the project) that the answers exclude."""
    return [
        Path(render(pattern, answers))
        for rule in rules
        if not keeps(rule, answers)
        for pattern in rule["paths"]
    ]


def prune(project: Path, rules: list[dict[str, Any]], answers: Mapping[str, Any]) -> None:
    """Remove the files and folders that the answers exclude, then empty folders."""
    for path in excluded(rules, answers):
        target = project / path
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for folder in sorted(project.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
