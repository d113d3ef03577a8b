import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import Services, ServiceUnavailable

ROOT = Path(__file__).resolve().parent.parent


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
