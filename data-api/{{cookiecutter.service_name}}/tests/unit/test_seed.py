from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ..factories import {{ cookiecutter.resource_name }}_draft
from ..seed import main


def test_a_draft_is_realistic_and_can_be_overridden() -> None:
    draft = {{ cookiecutter.resource_name }}_draft(name="fixed")

    assert draft.name == "fixed"
    assert len({{ cookiecutter.resource_name }}_draft().name) >= 3


def test_seed_loads_n_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "seed.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")

    main(["120"])

    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM {{ cookiecutter.resource_plural }}")) == 120
    engine.dispose()
    assert "added 120" in capsys.readouterr().out
