"""Median bake time of each template, hooks included, against a baseline measured in the
same run: cookiecutter baking a one-file template with no hooks (its fixed overhead).

    .venv/bin/python bench/bake.py [rounds]
"""

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from cookiecutter.main import cookiecutter

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ("business-api", "data-api", "worker", "bot")
GOAL_SECONDS = 1.0


def median_bake(template: Path, rounds: int, answers: dict[str, str]) -> float:
    timings = []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            cookiecutter(str(template), no_input=True, output_dir=out, extra_context=answers)
            timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def baseline_template(folder: Path) -> Path:
    (folder / "{{cookiecutter.name}}").mkdir(parents=True)
    (folder / "cookiecutter.json").write_text(json.dumps({"name": "baseline"}))
    (folder / "{{cookiecutter.name}}" / "README.md").write_text("# {{ cookiecutter.name }}\n")
    return folder


def main(rounds: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        baseline = median_bake(baseline_template(Path(tmp)), rounds, {})
    print(f"baseline (one file, no hooks): {baseline * 1000:7.1f} ms   rounds={rounds}")
    print(f"{'template':<14}{'level':>6}{'median ms':>12}{'x baseline':>12}  goal < 1 s")
    for template in TEMPLATES:
        for level in ("1", "4"):
            median = median_bake(ROOT / template, rounds, {"maturity_level": level})
            verdict = "ok" if median < GOAL_SECONDS else "SLOW"
            ratio = median / baseline
            print(f"{template:<14}{level:>6}{median * 1000:12.1f}{ratio:12.1f}  {verdict}")
    return 0  # a benchmark reports; a machine's load is no reason to fail a build


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 7))
