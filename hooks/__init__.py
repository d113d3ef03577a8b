"""The collection's shared hook engine: answer validation and post-generation wiring.

Every template's ``hooks/*.py`` is a thin launcher that calls :func:`hooks.engine.main`.
The engine runs under the interpreter that runs cookiecutter, so it uses only the standard
library and Jinja2 (a cookiecutter dependency).
"""
