"""What is running: the service, its version, the Python interpreter and the Git commit."""

import os
import platform
from importlib import metadata

from {{ cookiecutter.service_name }}.core.settings import SERVICE_NAME


def service_version() -> str:
    """The installed package's version; ``0+unknown`` when run from a source tree."""
    try:
        return metadata.version(SERVICE_NAME)
    except metadata.PackageNotFoundError:
        return "0+unknown"


def git_sha() -> str | None:
    """The commit the image was built from: ``GIT_SHA``, which the Dockerfile sets from its
    build argument (``unknown`` when the build did not pass one)."""
    return os.environ.get("GIT_SHA") or None


def build_info() -> dict[str, str | None]:
    """The ``build`` part of ``GET /debug``."""
    return {
        "service": SERVICE_NAME,
        "version": service_version(),
        "python": platform.python_version(),
        "git_sha": git_sha(),
    }
