import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytest_cookies.plugin import Cookies, Result

from tests.harness import ROOT
from tests.services import Services, ServiceUnavailable

Bake = Callable[..., Path]


@pytest.fixture(scope="session")
def services() -> Iterator[Services]:
    provider = Services()
    yield provider
    provider.close()


def require(services: Services, name: str) -> str:
    """The URL of a real service; in CI a missing service fails the test, locally it skips."""
    try:
        return services.url(name)
    except ServiceUnavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(str(error))
        pytest.skip(str(error))


def require_tool(path: str, package: str) -> str:
    """A Debian tool (a name on PATH or an absolute path); missing: fails in CI, skips
    elsewhere with the package to install."""
    found = shutil.which(path)
    if found is None:
        message = f"{path} is not installed: apt-get install {package}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def bake_result(cookies: Cookies, template: str, answers: dict[str, str] | None = None) -> Result:
    """Bake with pytest-cookies: an isolated cookiecutter config, a fresh output folder."""
    return cookies.bake(extra_context=answers or {}, template=str(ROOT / template))


@pytest.fixture
def bake(cookies: Cookies) -> Bake:
    """``bake(template, answers)`` -> the generated project folder; raises on failure."""

    def run(template: str, answers: dict[str, str] | None = None) -> Path:
        result = bake_result(cookies, template, answers)
        if result.exception is not None:
            raise result.exception
        return Path(result.project_path)

    return run


# The collection as users get it: invocation, registry and upgrade tests.
BIN = Path(sys.executable).parent
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", ".cache", "__pycache__", "demo", "systems", "site", "*.pyc"
)


def run(*command: str | Path, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )


def git(*args: str, cwd: Path) -> None:
    run("git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args, cwd=cwd)


@pytest.fixture
def template_repo(tmp_path: Path) -> Path:
    """The collection as a git repository, the way users clone it."""
    repo = tmp_path / "templates"
    shutil.copytree(ROOT, repo, ignore=IGNORED)
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "templates", cwd=repo)
    return repo
