"""Bake a template and run the checks every generated service must pass.

Used by the test suite and by hand while working on a template::

    python -m tests.harness data-api maturity_level=2 ci_provider=gitlab

Generated projects' dependencies go into one virtual environment per template (under
``.cache/envs``), installed with uv from a shared cache; variants reuse it.
"""

import fcntl
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cookiecutter.main import cookiecutter

from hooks.engine import SERVICE_VARIABLES, service_variables

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ("business-api", "data-api", "worker", "bot")
CACHE = Path(os.environ.get("HARNESS_CACHE", ROOT / ".cache"))
# GitHub Actions expressions (${{ ... }}) are the one legitimate use of braces.
UNRENDERED = re.compile(r"(?<!\$)\{\{|\{%|cookiecutter\.")


@dataclass(frozen=True)
class Step:
    name: str
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def bake(template: str, output_dir: Path, answers: Mapping[str, str] | None = None) -> Path:
    """Generate ``template`` with default answers overridden by ``answers``."""
    path = cookiecutter(
        str(ROOT / template),
        no_input=True,
        extra_context=dict(answers or {}),
        output_dir=str(output_dir),
    )
    return Path(path)


def unrendered(project: Path) -> list[str]:
    """Text files that still contain template syntax."""
    found = []
    for path in sorted(project.rglob("*")):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found.extend(f"{path.relative_to(project)}: {m}" for m in UNRENDERED.findall(text))
    return found


def python_version(project: Path) -> str:
    match = re.search(r'requires-python = ">=(3\.\d+)"', (project / "pyproject.toml").read_text())
    if match is None:
        raise ValueError(f"{project}/pyproject.toml declares no requires-python")
    return match.group(1)


def needed_services(project: Path) -> list[str]:
    """The service URLs a project's settings name in its .env.example."""
    return service_variables(project)


def interpreter(version: str) -> str:
    """A working ``python<version>`` on PATH or in pyenv's versions folder; else the version
    itself, for uv to find or download."""
    candidates = [shutil.which(f"python{version}") or ""]
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    candidates += sorted(glob.glob(str(pyenv / f"versions/{version}.*/bin/python")))
    for candidate in filter(None, candidates):
        if subprocess.run([candidate, "--version"], capture_output=True).returncode == 0:
            return candidate
    return version


def debris(project: Path) -> list[str]:
    """Whitespace left by template tags: trailing blanks, extra blank lines, no final newline.

    Python (and Alembic's Python template) may have two blank lines in a row; other text one.
    """
    found = []
    for path in sorted(project.rglob("*")):
        try:
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
        except UnicodeDecodeError:
            continue
        name = path.relative_to(project)
        if text and (not text.endswith("\n") or text.endswith("\n\n") or text.startswith("\n")):
            found.append(f"{name}: starts with a blank line or ends without exactly one newline")
        found.extend(
            f"{name}:{number}: trailing whitespace"
            for number, line in enumerate(text.splitlines(), 1)
            if line != line.rstrip()
        )
        most = 2 if path.suffix in {".py", ".mako"} else 1
        if "\n" * (most + 2) in text:
            found.append(f"{name}: more than {most} blank line(s) in a row")
    return found


def environment(template: str, project: Path) -> Path:
    """A virtual environment per template and Python version with the project's dependencies."""
    version = python_version(project)
    venv = CACHE / "envs" / f"{template}-py{version}"
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv") or "uv"
    uv_env = {**os.environ, "UV_CACHE_DIR": str(CACHE / "uv")}
    venv.parent.mkdir(parents=True, exist_ok=True)
    # Parallel test workers share the environment: one of them changes it at a time. Every
    # bake pins the same versions, so an install only adds packages that others ignore.
    with open(venv.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (venv / "bin" / "python").exists():
            python = interpreter(version)
            subprocess.run([uv, "venv", "-q", "-p", python, str(venv)], check=True, env=uv_env)
        subprocess.run(
            [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"),
             "-r", str(project / "pyproject.toml"), "--extra", "dev"],
            check=True,
            env=uv_env,
        )  # fmt: skip
    return venv


def service_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for a generated project's own tests: real services from TEST_* URLs."""
    inherited = ("VIRTUAL_ENV", "PYTHON", "PYTEST_", "COV_CORE_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    for name in SERVICE_VARIABLES:
        env.pop(name, None)
        if os.environ.get(f"TEST_{name}"):
            env[name] = os.environ[f"TEST_{name}"]
    env.update(extra or {})
    return env


def check(template: str, project: Path, env: Mapping[str, str] | None = None) -> list[Step]:
    """Lint, format-check, type-check and test a baked project; stop at the first failure."""
    venv = environment(template, project)
    bin_dir = venv / "bin"
    run_env = {**service_env(env), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    # No mypy cache shared between bakes: the same module names at other paths can make an
    # incremental run report errors that a clean run does not.
    run_env["MYPY_CACHE_DIR"] = str(project / ".mypy_cache")
    commands = {
        "ruff check": ["ruff", "check", "--no-cache", "."],
        "ruff format": ["ruff", "format", "--no-cache", "--check", "."],
        "mypy --strict": ["mypy"],
        "pytest": ["pytest", "-q", "-p", "no:cacheprovider"],
    }
    steps = []
    for name, command in commands.items():
        result = subprocess.run(
            [str(bin_dir / command[0]), *command[1:]],
            cwd=project,
            env=run_env,
            capture_output=True,
            text=True,
        )
        steps.append(Step(name, result.returncode, result.stdout + result.stderr))
        if result.returncode:
            break
    return steps


def main(argv: list[str]) -> int:
    template, *pairs = argv
    answers = dict(pair.split("=", 1) for pair in pairs)
    with tempfile.TemporaryDirectory() as tmp:
        project = bake(template, Path(tmp), answers)
        leftovers = unrendered(project) + debris(project)
        print(f"baked {project.name}: {sum(1 for p in project.rglob('*') if p.is_file())} files")
        for line in leftovers:
            print(f"LEFTOVER {line}")
        steps = check(template, project)
        for step in steps:
            print(f"--- {step.name}: {'ok' if step.ok else 'FAILED'}")
            if not step.ok or os.environ.get("VERBOSE"):
                print(step.output)
        if os.environ.get("KEEP"):
            shutil.copytree(project, Path(os.environ["KEEP"]) / project.name, dirs_exist_ok=True)
        return 0 if not leftovers and all(s.ok for s in steps) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
