"""The example systems (``examples/``) still match today's templates, and the tool that
stores them (``system/example.py``) round-trips a team's work exactly.

Each example's services are checked and run end to end in ``tests/test_example_*.py``.
"""

import shutil
import textwrap
from pathlib import Path

import pytest

from system.example import ExampleError, build, capture, files
from tests.harness import ROOT

EXAMPLES = ["telemedicine", "p2p-lending"]

DESCRIPTION = """\
name: healthcare_telemedicine
maturity_level: 1
services:
  - name: healthcare_data_postgres_api
    template: data-api
  - name: healthcare_reminder_worker
    template: worker
    calls: healthcare_data_postgres_api
"""


def tree(root: Path) -> dict[str, bytes]:
    return {relative: path.read_bytes() for relative, path in files(root).items()}


@pytest.mark.parametrize("name", EXAMPLES)
def test_an_example_builds_from_todays_templates_and_captures_back_unchanged(
    name: str, tmp_path: Path
) -> None:
    example = ROOT / "examples" / name
    built = build(example, tmp_path / "built")  # fails when a patch no longer applies

    copy = tmp_path / "copy"
    shutil.copytree(example, copy)
    capture(copy, built)
    assert tree(copy) == tree(example), "capture of an unchanged build must change nothing"
    services = {p.name for p in built.iterdir() if p.is_dir()}
    for patch in (example / "patches").glob("*.patch"):
        assert patch.stem in services | {"system"}, f"{patch} patches no part of the system"


def test_capture_stores_added_files_and_edits_and_build_replays_them(tmp_path: Path) -> None:
    example = tmp_path / "example"
    example.mkdir()
    (example / "system.yaml").write_text(DESCRIPTION)
    worked = build(example, tmp_path / "first")
    worker = worked / "healthcare_reminder_worker"
    data_api = worked / "healthcare_data_postgres_api"
    (worker / "README.md").write_text((worker / "README.md").read_text() + "## Team notes\n")
    (data_api / "src/healthcare_data_postgres_api/__init__.py").unlink()
    added = worker / "src/healthcare_reminder_worker/domain/reminder.py"
    added.write_text('"""Reminders."""\n')
    (worked / "README.md").write_text((worked / "README.md").read_text() + "Team line.\n")
    (worker / ".venv").mkdir()
    (worker / ".venv/ignored").write_text("a virtual environment is never stored")

    summary = capture(example, worked)

    assert summary == [
        "healthcare_data_postgres_api: 0 files added, 1 generated files changed",
        "healthcare_reminder_worker: 1 files added, 1 generated files changed",
        "system files: 1 changed",
    ]
    assert sorted(tree(example)) == [
        "healthcare_reminder_worker/src/healthcare_reminder_worker/domain/reminder.py",
        "patches/healthcare_data_postgres_api.patch",
        "patches/healthcare_reminder_worker.patch",
        "patches/system.patch",
        "system.yaml",
    ]
    rebuilt = build(example, tmp_path / "second")
    assert tree(rebuilt) == tree(worked)


def test_a_patch_that_no_longer_applies_names_the_file_and_writes_nothing(tmp_path: Path) -> None:
    example = tmp_path / "example"
    (example / "patches").mkdir(parents=True)
    (example / "system.yaml").write_text(DESCRIPTION)
    (example / "patches/healthcare_reminder_worker.patch").write_text(
        textwrap.dedent("""\
            diff --git a/README.md b/README.md
            --- a/README.md
            +++ b/README.md
            @@ -1,2 +1,2 @@
            -# A heading the template no longer writes
            +# Ours
             and a line it never wrote
            """)
    )

    with pytest.raises(ExampleError, match=r"no longer applies(.|\n)*README.md"):
        build(example, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_an_added_file_the_templates_now_generate_is_reported(tmp_path: Path) -> None:
    example = tmp_path / "example"
    (example / "healthcare_reminder_worker").mkdir(parents=True)
    (example / "system.yaml").write_text(DESCRIPTION)
    (example / "healthcare_reminder_worker/README.md").write_text("# Ours\n")

    with pytest.raises(ExampleError, match="the templates now generate this file"):
        build(example, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_drifted_patch_can_be_merged_by_hand_from_rej_files(tmp_path: Path) -> None:
    example = tmp_path / "example"
    (example / "patches").mkdir(parents=True)
    (example / "system.yaml").write_text(DESCRIPTION)
    (example / "patches/healthcare_reminder_worker.patch").write_text(
        textwrap.dedent("""\
            diff --git a/README.md b/README.md
            --- a/README.md
            +++ b/README.md
            @@ -1,2 +1,2 @@
            -# A heading the template no longer writes
            +# Ours
             and a line it never wrote
            """)
    )

    built = build(example, tmp_path / "out", reject=True)

    rejected = built / "healthcare_reminder_worker/README.md.rej"
    assert "+# Ours" in rejected.read_text()
    with pytest.raises(ExampleError, match=r"merge and delete these first: .*README\.md\.rej"):
        capture(example, built)
