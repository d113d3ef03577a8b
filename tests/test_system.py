"""The business-api and the data-api baked with the same answers work together over real
HTTP: the data-api on its embedded SQLite default and on PostgreSQL."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Bake, require
from tests.harness import environment
from tests.live import database, migrate, request, serve
from tests.services import Services

ANSWERS = {"resource_name": "loan_application", "resource_plural": "loan_applications"}


@pytest.fixture(params=["sqlite", "postgresql"])
def database_env(
    request: pytest.FixtureRequest, services: Services, bake: Bake
) -> Iterator[tuple[Path, dict[str, str]]]:
    """A baked data-api and the environment that points it at the database under test."""
    data_api = bake("data-api", ANSWERS)
    if request.param == "sqlite":
        yield data_api, {}
        return
    server = require(services, "DATABASE_URL")
    venv = environment("data-api", data_api)
    with database(venv, server) as url:
        migrate(data_api, venv, url)
        yield data_api, {"DATABASE_URL": url}


@pytest.mark.xdist_group("data-api")
def test_business_api_creates_and_reads_through_the_data_api(
    database_env: tuple[Path, dict[str, str]], bake: Bake, tmp_path: Path
) -> None:
    data_api, data_env = database_env
    business_api = bake("business-api", ANSWERS)
    data_venv = environment("data-api", data_api)
    business_venv = environment("business-api", business_api)

    with (
        serve(data_api, data_venv, data_env, tmp_path / "data-api.log") as data_url,
        serve(
            business_api, business_venv, {"DATA_API_URL": data_url}, tmp_path / "api.log"
        ) as api_url,
    ):
        resource = f"{api_url}/api/v1/loan_applications"
        body = {"name": "Bridge loan", "description": "for a shop refit"}
        status, created = request("POST", resource, body)
        assert status == 201, created
        assert isinstance(created, dict)
        assert created["name"] == "Bridge loan"

        assert request("GET", f"{resource}/{created['id']}") == (200, created)
        assert request("GET", f"{resource}/999999")[0] == 404
        assert request("POST", resource, {"name": ""})[0] == 422

        status, page = request("GET", f"{data_url}/api/v1/loan_applications")
        assert status == 200
        assert isinstance(page, dict)
        assert [item["id"] for item in page["items"]] == [created["id"]]
