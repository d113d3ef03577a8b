"""Runs the collection's shared hook engine (hooks/ at the repository root)."""

import os
import sys
from pathlib import Path

# Both run hooks from inside the template folder; cookiecutter names it (relative to where it
# was started when given a relative path), cruft does not.
template_dir = Path(r"{{ cookiecutter.get('_repo_dir') or '' }}")
if not template_dir.is_absolute():
    template_dir = Path(os.readlink(f"/proc/{os.getppid()}/cwd"))
sys.path.insert(0, str(template_dir.resolve().parent))

from hooks import engine  # noqa: E402

engine.main("post_gen_project", template_dir, {{ cookiecutter | jsonify | tojson }})
