"""The documentation site builds with warnings as errors, its template reference pages
generated from the templates themselves (scripts/docs_reference.py)."""

import os
import subprocess
import sys
from pathlib import Path

from tests.harness import ROOT


def test_the_site_builds_strict_with_a_generated_reference_per_template(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

    page = (tmp_path / "reference" / "data-api" / "index.html").read_text()
    assert "DATABASE_URL" in page  # the settings table
    assert "make migrate" in page  # the make targets
    assert "0001_create_items.py" in page  # the layout
    business = (tmp_path / "reference" / "business-api" / "index.html").read_text()
    assert "<code>jwt</code> (level 4)" in business  # a default that grows with the level
