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


def build_info() -> dict[str, str | None]:
    """The commit is ``GIT_SHA``, when the deployment sets it."""
    return {
        "service": SERVICE_NAME,
        "version": service_version(),
        "python": platform.python_version(),
        "git_sha": os.environ.get("GIT_SHA") or None,
    }
