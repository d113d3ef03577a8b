"""``python -m system.example build|capture``: the example systems under ``examples/``.

An example is a system description plus what a team wrote on top of the bake:

    examples/<name>/system.yaml                  the description (``python -m system``)
    examples/<name>/<service>/...                files the team added (domain code, tests)
    examples/<name>/patches/<service>.patch      the team's edits of generated files
    examples/<name>/patches/system.patch         ... of the system's own files, if any

Generated files are never committed: ``build`` bakes them from today's templates, applies
the patches with no fuzz and copies the added files. A patch that no longer applies is
template drift, reported with the file it failed on. ``capture`` turns a worked-on system
folder back into added files and patches by comparing it with a fresh bake.
"""

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from system.__main__ import bake
from system.description import DescriptionError, System, load

# What tools and runs leave in a working copy; never part of an example.
IGNORED_DIRS = {
    ".git", ".venv", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "htmlcov",
    "node_modules", "logs",
}  # fmt: skip
IGNORED_FILES = {".env", ".coverage", "uv.lock"}
SYSTEM_PATCH = "system"


class ExampleError(Exception):
    """The example cannot be built or captured; the message says why and what to do."""


def files(root: Path) -> dict[str, Path]:
    """Every file under ``root`` that belongs to a system, by its relative POSIX path."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in IGNORED_DIRS or part.endswith(".egg-info") for part in relative.parts):
            continue
        if path.is_file() and path.name not in IGNORED_FILES and path.suffix != ".pyc":
            found[relative.as_posix()] = path
    return found


def _load(example: Path) -> System:
    description = example / "system.yaml"
    try:
        return load(description)
    except DescriptionError as error:
        raise ExampleError("\n".join(f"{description}:{p}" for p in error.problems)) from error


def _bake(example: Path, output: Path) -> Path:
    text = (example / "system.yaml").read_text(encoding="utf-8")
    return bake(_load(example), output, text)


def services(example: Path) -> list[str]:
    """The names of the example's services: its system folder has one folder each."""
    return sorted(service.name for service in _load(example).services)


def system_files(root: Path, names: list[str]) -> dict[str, Path]:
    """The system's own files (compose, Makefile, gateway, monitoring): not in a service."""
    return {k: v for k, v in files(root).items() if k.split("/", 1)[0] not in names}


def build(example: Path, output: Path, *, reject: bool = False) -> Path:
    """Bake the example's system, apply its patches and add its files; the system's folder.

    Everything happens in a temporary folder first: nothing is written when a step fails.
    With ``reject``, hunks that no longer apply are left beside their files as ``.rej`` (to
    merge by hand, then capture) instead of failing the build.
    """
    with tempfile.TemporaryDirectory(prefix="example.") as tmp:
        root = _bake(example, Path(tmp))
        names = services(example)
        for name in [*names, SYSTEM_PATCH]:
            patch = example / "patches" / f"{name}.patch"
            if patch.exists():
                _apply(patch, root if name == SYSTEM_PATCH else root / name, reject)
        for name in names:
            added = files(example / name) if (example / name).is_dir() else {}
            for relative, source in added.items():
                target = root / name / relative
                if target.exists():
                    raise ExampleError(
                        f"{example / name / relative}: the templates now generate this file; "
                        f"move the team's version into patches/{name}.patch (run capture)"
                    )
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        target = output / root.name
        if target.exists():
            raise ExampleError(f"{target} exists; remove it or choose another --output")
        output.mkdir(parents=True, exist_ok=True)
        shutil.move(root, target)
    return target


def _apply(patch: Path, folder: Path, reject: bool) -> None:
    # ``folder`` is in a temporary directory, outside any Git work tree, so ``git apply``
    # patches files relative to it; without --recount/-C it accepts no fuzz at all.
    result = subprocess.run(
        [
            "git",
            "apply",
            "--whitespace=nowarn",
            *(["--reject"] if reject else []),
            str(patch.resolve()),
        ],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    if result.returncode and reject:
        print(f"{patch}: hunks left as .rej files:\n{result.stderr.strip()}", file=sys.stderr)
    elif result.returncode:
        raise ExampleError(
            f"{patch} no longer applies to what the templates generate today:\n"
            f"{result.stderr.strip()}\nBuild it with --reject, merge the .rej hunks by hand "
            "and run capture again."
        )


def _diff(relative: str, old: Path | None, new: Path | None) -> str:
    """A Git-style unified diff of one file (``None``: the file is absent on that side)."""
    before = old.read_text(encoding="utf-8").splitlines(keepends=True) if old else []
    after = new.read_text(encoding="utf-8").splitlines(keepends=True) if new else []
    for side, lines in ((old, before), (new, after)):
        if lines and not lines[-1].endswith("\n"):
            raise ExampleError(f"{side}: end the file with a newline")
    header = [f"diff --git a/{relative} b/{relative}\n"]
    if new is None:
        header.append("deleted file mode 100644\n")
    hunks = difflib.unified_diff(
        before, after, f"a/{relative}", "/dev/null" if new is None else f"b/{relative}"
    )
    return "".join([*header, *hunks])


def patch_text(generated: dict[str, Path], worked: dict[str, Path]) -> str:
    """The team's edits of generated files: changed and deleted ones, in path order."""
    parts = []
    for relative, old in generated.items():
        new = worked.get(relative)
        if new is None or old.read_bytes() != new.read_bytes():
            parts.append(_diff(relative, old, new))
    return "".join(parts)


def capture(example: Path, worked: Path) -> list[str]:
    """Rewrite the example's added files and patches from the system folder ``worked``;
    the lines of a summary."""
    summary = []
    rejected = sorted(relative for relative in files(worked) if relative.endswith(".rej"))
    if rejected:
        raise ExampleError(f"merge and delete these first: {', '.join(rejected)}")
    with tempfile.TemporaryDirectory(prefix="example.") as tmp:
        fresh = _bake(example, Path(tmp))
        names = services(example)
        patches = example / "patches"
        shutil.rmtree(patches, ignore_errors=True)
        for name in names:
            shutil.rmtree(example / name, ignore_errors=True)
            generated, ours = files(fresh / name), files(worked / name)
            added = sorted(set(ours) - set(generated))
            for relative in added:
                target = example / name / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ours[relative], target)
            text = patch_text(generated, ours)
            if text:
                patches.mkdir(exist_ok=True)
                (patches / f"{name}.patch").write_text(text, encoding="utf-8")
            changed = text.count("diff --git ")
            summary.append(f"{name}: {len(added)} files added, {changed} generated files changed")
        own, worked_own = system_files(fresh, names), system_files(worked, names)
        if set(worked_own) - set(own):
            new = ", ".join(sorted(set(worked_own) - set(own)))
            raise ExampleError(f"{worked}: {new}: put new files in a service, not the system's")
        text = patch_text(own, worked_own)
        if text:
            patches.mkdir(exist_ok=True)
            (patches / f"{SYSTEM_PATCH}.patch").write_text(text, encoding="utf-8")
            summary.append(f"system files: {text.count('diff --git ')} changed")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m system.example", description=__doc__.split("\n\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="bake an example and apply the team's work")
    build_parser.add_argument("example", type=Path, help="examples/<name>")
    build_parser.add_argument("--output", "-o", type=Path, default=Path("systems"))
    build_parser.add_argument(
        "--reject", action="store_true", help="leave hunks that do not apply as .rej files"
    )
    capture_parser = commands.add_parser("capture", help="store a worked-on system as the example")
    capture_parser.add_argument("example", type=Path, help="examples/<name>")
    capture_parser.add_argument("--from", dest="worked", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            print(f"built {build(args.example, args.output, reject=args.reject)}")
        else:
            print("\n".join(capture(args.example, args.worked)))
    except (ExampleError, FileExistsError) as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
