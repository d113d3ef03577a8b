"""Runs the collection's shared hook engine (hooks/ at the repository root)."""

import os
import sys
from pathlib import Path

# cookiecutter names the template folder; cruft does not, but runs hooks from inside it.
template_dir = Path(r"{{ cookiecutter.get('_repo_dir') or '' }}" or os.readlink(f"/proc/{os.getppid()}/cwd"))
sys.path.insert(0, str(template_dir.resolve().parent))

from hooks import engine  # noqa: E402

engine.main("pre_gen_project", template_dir, {{ cookiecutter | jsonify | tojson }})
