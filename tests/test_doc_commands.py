"""Every command the documentation shows runs, so doc examples cannot rot.

The shell blocks of README.md and docs/ are collected; each block runs as written in a user's
scratch folder, with the placeholders a reader fills in (``gh:<org>/<repo>``, paths) replaced
by a clone of the collection. A block that needs context (a service to upgrade) gets it from
a setup step; a command that cannot run inside the suite says which test or job runs it.
"""

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import BIN, git, require
from tests.harness import ROOT, interpreter
from tests.services import Services

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"^```(?:bash|sh|shell|console)\n(.*?)^```", re.MULTILINE | re.DOTALL)

# Documented commands run elsewhere, with the file that runs them (checked to contain them).
ELSEWHERE = {"make test": ".ci/run"}  # CI runs the suite with it; here it would recurse
# Long-running commands: run as written, shortened through the Makefile's ARGS.
SHORTENED = {
    "make bench": "make bench ARGS=1",
    # wrk takes whole seconds; one more try when a load spike on a shared machine stalls it.
    "make bench-data-api": "make bench-data-api ARGS='--duration 1 --rounds 1 --warmup 1'"
    " || make bench-data-api ARGS='--duration 2 --rounds 1 --warmup 2'",
}
# Commands that serve until stopped: what their output shows once they are ready.
SERVING = {".venv/bin/python -m tests.services": "export TEST_RABBITMQ_URL="}

pytestmark = pytest.mark.xdist_group("doc-commands")  # one reader's machine, one worker


@dataclass
class Block:
    doc: Path
    index: int
    commands: list[str]

    @property
    def id(self) -> str:
        return f"{self.doc.relative_to(ROOT)}-{self.index}"


def commands(text: str) -> list[str]:
    """The command lines of one shell block: comments dropped, continuations joined."""
    found: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = re.sub(r"\s+#\s.*$", "", raw).strip()
        if not line or line.startswith("#"):
            continue
        line = pending + line.removeprefix("$ ")
        pending = line[:-1] + " " if line.endswith("\\") else ""
        if not pending:
            found.append(line)
    return found


def blocks() -> list[Block]:
    """Every shell block, except one that repeats an earlier block exactly (it runs once)."""
    found: list[Block] = []
    for doc in DOCS:
        for index, match in enumerate(BLOCK.finditer(doc.read_text(encoding="utf-8"))):
            block = Block(doc, index, commands(match[1]))
            if all(block.commands != earlier.commands for earlier in found):
                found.append(block)
    return found


@pytest.fixture(scope="module")
def user(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """A reader's machine: a home folder, a clone of the collection tagged v1.4.0 (the tag the
    registry guide pins), and the collection's virtual environment."""
    root = tmp_path_factory.mktemp("reader")
    clone = root / "collection"
    ignored = shutil.ignore_patterns(".git", ".venv", ".cache", "demo", "systems", "site",
                                     "__pycache__", ".*_cache")  # fmt: skip
    shutil.copytree(ROOT, clone, ignore=ignored)
    git("init", "-q", "-b", "main", cwd=clone)
    git("add", "-A", cwd=clone)
    git("commit", "-q", "-m", "collection", cwd=clone)
    git("tag", "v1.4.0", cwd=clone)
    (clone / ".venv").symlink_to(ROOT / ".venv")
    (ROOT / ".cache").mkdir(exist_ok=True)  # absent on a fresh checkout until a bake
    (clone / ".cache").symlink_to(ROOT / ".cache")
    home = root / "home"
    home.mkdir()
    # The reader's own Python environment, where `pip install cookiecutter` goes.
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True)
    yield {"root": root, "clone": clone, "home": home}


def environment(user: dict[str, Path], services: Services) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.endswith("_URL")}
    env |= {
        "HOME": str(user["home"]),
        "PATH": f"{user['root'] / 'venv' / 'bin'}{os.pathsep}{BIN}{os.pathsep}{env['PATH']}",
        "PIP_CACHE_DIR": str(ROOT / ".cache" / "pip"),
        "GIT_AUTHOR_NAME": "Reader", "GIT_AUTHOR_EMAIL": "reader@example.com",
        "GIT_COMMITTER_NAME": "Reader", "GIT_COMMITTER_EMAIL": "reader@example.com",
        "DATABASE_URL": require(services, "DATABASE_URL"),
        "TEST_DATABASE_URL": require(services, "DATABASE_URL"),
        "PYTHON": interpreter("3.12"),  # generated services' `make install`: their Python
        # The reader's home is new; the Pythons installed for this machine's user stay found.
        "PYENV_ROOT": os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv")),
        "UV_PYTHON_INSTALL_DIR": os.environ.get(
            "UV_PYTHON_INSTALL_DIR", str(Path.home() / ".local/share/uv/python")
        ),
    }  # fmt: skip
    return env


def substitute(command: str, user: dict[str, Path]) -> str:
    clone = str(user["clone"])
    command = re.sub(r"(gh:|https://github\.com/)<org>/<repo>", clone, command)
    command = command.replace("path/to/checkout", clone)
    command = command.replace("path/to/system.yaml", f"{clone}/examples/telemedicine/system.yaml")
    # Each prompt gets its default (an empty line).
    return f"{command} < <(yes '')" if command.startswith(("cookiecutter", "cruft")) else command


def setup(block: Block, user: dict[str, Path], env: dict[str, str]) -> Path:
    """The folder a block runs in, prepared as the text around it describes."""
    doc, root, clone = block.doc.relative_to(ROOT).as_posix(), user["root"], user["clone"]
    if doc == "docs/upgrading.md":  # inside a service created with cruft, on a clean tree
        work = root / f"upgrade{block.index}"
        work.mkdir()
        script(f"cruft create --no-input {clone} --directory data-api", work, env)
        (service,) = work.iterdir()
        git("init", "-q", "-b", "main", cwd=service)
        git("add", "-A", cwd=service)
        git("commit", "-q", "-m", "baked", cwd=service)
        readme = clone / "data-api/{{cookiecutter.service_name}}/README.md"
        readme.write_text(readme.read_text() + "\nA note of a newer release.\n")
        git("commit", "-q", "-am", f"a newer release for block {block.index}", cwd=clone)
        return service
    if doc == "docs/deployment.md":  # in a generated service's folder
        work = root / "deployment"
        work.mkdir()
        script(f"cookiecutter --no-input {clone} --directory data-api maturity_level=3", work, env)
        (service,) = work.iterdir()
        return service
    if doc == "docs/registry.md" and "--replay-file" in " ".join(block.commands):
        # The replay file a first bake of the bot left.
        script(f"cookiecutter --no-input {clone} --directory bot -o {root / 'first'}", root, env)
    if re.search(r"\bmake\b|python -m", " ".join(block.commands)):
        for written in ("systems", "somewhere"):  # a reader makes a system once
            shutil.rmtree(clone / written, ignore_errors=True)
        return clone  # the collection's own commands run in its checkout
    work = root / f"{block.doc.stem}{block.index}"
    work.mkdir()
    return work


def line(command: str, user: dict[str, Path]) -> str:
    """The shell line that runs a documented command here."""
    if command in ELSEWHERE:
        return f": {command} runs in {ELSEWHERE[command]}"
    if command in SERVING:  # start it, wait for its ready line, stop it with SIGTERM
        ready = SERVING[command]
        return (
            f"{{ {command} > serving.log 2>&1 & pid=$!; for _ in $(seq 1200); do "
            f"grep -q '^{ready}' serving.log && break; sleep 0.1; done; "
            f"kill -TERM $pid; wait $pid || true; grep -q '^{ready}' serving.log; }}"
        )
    clone = str(user["clone"])
    command = SHORTENED.get(command, command)
    command = re.sub(r"(gh:|https://github\.com/)<org>/<repo>", clone, command)
    command = command.replace("path/to/checkout", clone)
    command = command.replace("path/to/system.yaml", f"{clone}/examples/telemedicine/system.yaml")
    # Each prompt gets its default (an empty line).
    return f"{command} < <(yes '')" if command.startswith(("cookiecutter", "cruft")) else command


def script(text: str, cwd: Path, env: dict[str, str]) -> None:
    """Run lines in one bash session (``cd`` carries over)."""
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", text],
        cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, f"{text}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"


def test_the_docs_show_commands() -> None:
    found = [command for block in blocks() for command in block.commands]
    assert len(found) > 25 and "make demo" in found and "cruft check" in found


def test_commands_run_elsewhere_are_run_there() -> None:
    for command, path in ELSEWHERE.items():
        assert re.search(rf"^\s*{re.escape(command)}\s*$", (ROOT / path).read_text(), re.M), path


@pytest.mark.parametrize("block", blocks(), ids=lambda block: block.id)
def test_every_documented_command_runs(
    block: Block, user: dict[str, Path], services: Services
) -> None:
    env = environment(user, services)
    cwd = setup(block, user, env)
    script("\n".join(line(command, user) for command in block.commands), cwd, env)
