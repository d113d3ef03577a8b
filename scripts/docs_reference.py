"""MkDocs hook: each template's reference page (prompts, layout, make targets, settings) is
generated at build time from the template itself, so the documentation cannot drift.

A page asks for it with a line ``<!-- reference: data-api -->``.
"""

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from cookiecutter.main import cookiecutter

from system.description import ROOT, rendered_answers

MARKER = re.compile(r"^<!-- reference: ([a-z-]+) -->$", re.M)
LEVELS = ("1", "2", "3", "4")
# Every option on: the layout and settings a service can have at most.
FULL = {
    "business-api": {
        "use_redis": "yes", "use_rabbitmq": "yes", "websocket": "yes",
        "file_storage": "local", "auth": "jwt",
    },
    "data-api": {},
    "worker": {"use_redis": "yes", "scheduled_jobs": "yes"},
    "bot": {"update_mode": "webhook", "fsm_storage": "redis"},
}  # fmt: skip


def on_page_markdown(markdown: str, **_: Any) -> str:
    return MARKER.sub(lambda match: reference(match[1]), markdown)


def reference(template: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        answers = {"maturity_level": "4", **FULL[template]}
        project = Path(cookiecutter(str(ROOT / template), no_input=True, output_dir=tmp,
                                    extra_context=answers))  # fmt: skip
        options = ", ".join(f"`{key}={value}`" for key, value in answers.items())
        return "\n\n".join([
            "## Prompts\n\n" + prompts(template),
            f"## Layout\n\nBaked with {options} (lower levels and options have a subset):\n\n"
            + f"```\n{project.name}/\n{tree(project)}```",
            "## Make targets\n\n" + targets(project),
            "## Settings\n\nEnvironment variables (or `.env`), from the generated "
            "`.env.example`; a value in brackets is an example of an optional setting.\n\n"
            + settings(project),
        ])  # fmt: skip


def prompts(template: str) -> str:
    """Prompt, default per level (rendered like cookiecutter does), choices, question."""
    spec = json.loads((ROOT / template / "cookiecutter.json").read_text())
    questions = spec.get("__prompts__", {})
    by_level = [rendered_answers(template, {"maturity_level": level}) for level in LEVELS]
    rows = ["| Prompt | Default | Choices | Asks |", "|---|---|---|---|"]
    for key, value in spec.items():
        if key.startswith("_"):
            continue
        choices = value if isinstance(value, list) else spec.get("_choices", {}).get(key)
        choices = choices or spec.get("_list_choices", {}).get(key)
        question = questions.get(key, "")
        if isinstance(question, dict):
            question = question.get("__prompt__", "")
        default = _default(key, by_level) if key != "maturity_level" else "1"
        listed = ", ".join(f"`{choice}`" for choice in choices) if choices else ""
        rows.append(f"| `{key}` | {default} | {listed} | {question} |")
    return "\n".join(rows)


def _default(key: str, by_level: list[dict[str, Any]]) -> str:
    values = [str(answers[key]) for answers in by_level]
    if len(set(values)) == 1:
        return f"`{values[0]}`"
    spans: list[tuple[str, str]] = []  # (levels, value)
    for level, value in zip(LEVELS, values, strict=True):
        if spans and spans[-1][1] == value:
            spans[-1] = (f"{spans[-1][0].split('-')[0]}-{level}", value)
        else:
            spans.append((level, value))
    return ", ".join(f"`{value}` (level {levels})" for levels, value in spans)


def tree(folder: Path, prefix: str = "") -> str:
    entries = sorted(folder.iterdir(), key=lambda path: (path.is_file(), path.name))
    lines = []
    for index, entry in enumerate(entries):
        last = index == len(entries) - 1
        lines.append(
            f"{prefix}{'└── ' if last else '├── '}{entry.name}{'/' if entry.is_dir() else ''}\n"
        )
        if entry.is_dir():
            lines.append(tree(entry, prefix + ("    " if last else "│   ")))
    return "".join(lines)


def targets(project: Path) -> str:
    found = re.findall(r"^([a-z][a-z0-9-]*):.*?## (.+)$", (project / "Makefile").read_text(), re.M)
    return "\n".join(
        ["| Target | Does |", "|---|---|", *(f"| `make {name}` | {text} |" for name, text in found)]
    )


def settings(project: Path) -> str:
    """Variables of ``.env.example`` with the comment block above each group."""
    rows = ["| Variable | Value | Meaning |", "|---|---|---|"]
    comment: list[str] = []
    for line in (project / ".env.example").read_text().splitlines():
        assignment = re.fullmatch(r"(# ?)?([A-Z][A-Z0-9_]*)=(.*)", line)
        if assignment:
            optional, name, value = assignment.groups()
            shown = f"`{value}`" if value else ""
            shown = f"[{shown}]" if optional and shown else shown
            meaning = " ".join(comment).replace("|", "\\|")
            rows.append(f"| `{name}` | {shown} | {meaning} |")
            comment = []  # the next variables of the group share it: leave them blank
        elif line.startswith("#"):
            comment.append(line.lstrip("# ").strip())
        else:
            comment = []
    return "\n".join(rows)
