from pathlib import Path

import pytest
from pydantic import BaseModel, Field, ValidationError

from {{ cookiecutter.service_name }}.core.config import ServiceSettings, settings_error


class Example(BaseModel):
    required_url: str
    workers: int = Field(default=1, ge=1)


def test_names_every_bad_variable() -> None:
    try:
        Example.model_validate({"workers": 0})
    except ValidationError as error:
        message = str(settings_error(error))
    assert message.splitlines() == [
        "REQUIRED_URL is not set",
        "WORKERS: Input should be greater than or equal to 1",
    ]


def test_reads_a_secret_file_named_after_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.delenv("LOG_LEVEL", raising=False)
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "LOG_LEVEL").write_text("warning\n")

    assert ServiceSettings(_secrets_dir=secrets).log_level == "WARNING"
    monkeypatch.setenv("LOG_LEVEL", "error")
    assert ServiceSettings(_secrets_dir=secrets).log_level == "ERROR"
