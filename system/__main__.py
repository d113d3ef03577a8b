"""``python -m system <description.yaml> [--output DIR]``: bake every service of a system
through the templates (hooks included) and write the system's files around them.

Nothing is written unless the whole system bakes: services are baked into a temporary
folder that replaces the target at the end.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from cookiecutter.main import cookiecutter

from system.description import ROOT, DescriptionError, System, extra_context, load
from system.render import write


def bake(system: System, output: Path, description: str) -> Path:
    """Bake ``system`` into ``output/<name>``; return that folder."""
    target = output / system.name
    if target.exists():
        raise FileExistsError(f"{target} exists; remove it or choose another --output")
    with tempfile.TemporaryDirectory(prefix=f"{system.name}.") as tmp:
        root = Path(tmp) / system.name
        root.mkdir()
        for service in system.services:
            cookiecutter(
                str(ROOT / service.template),
                no_input=True,
                extra_context=extra_context(system.title, system.answers, service),
                output_dir=str(root),
            )
        write(system, root, description)
        output.mkdir(parents=True, exist_ok=True)
        shutil.move(root, target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m system", description=__doc__.split("\n\n")[0])
    parser.add_argument("description", type=Path, help="the system's YAML description")
    parser.add_argument("--output", "-o", type=Path, default=Path("."), help="folder to write into")
    args = parser.parse_args(argv)
    try:
        system = load(args.description)
        target = bake(system, args.output, args.description.read_text(encoding="utf-8"))
    except DescriptionError as error:
        for problem in error.problems:
            print(f"{args.description}:{problem.removeprefix('line ')}", file=sys.stderr)
        print("Nothing was written; fix the description and run again.", file=sys.stderr)
        return 1
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{system.title}: {len(system.services)} services in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
