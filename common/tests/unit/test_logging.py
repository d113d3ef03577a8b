import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from {{ cookiecutter.service_name }}.core.logging import configure_logging


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.reset_defaults()


def test_json_lines_carry_the_service_and_bound_context(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("{{ cookiecutter.service_name }}", "info", json_logs=True)

    with structlog.contextvars.bound_contextvars(request_id="abc"):
        structlog.stdlib.get_logger("test").info("work done", items=7)
    logging.getLogger("some.library").info("library message")
    logging.getLogger("some.library").debug("not shown below INFO")

    own, library = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert own["event"] == "work done"
    assert own["items"] == 7
    assert own["request_id"] == "abc"
    assert own["service"] == library["service"] == "{{ cookiecutter.service_name }}"
    assert library["event"] == "library message"
    assert {"timestamp", "level"} <= own.keys() & library.keys()


def test_exceptions_are_structured_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("{{ cookiecutter.service_name }}", "info", json_logs=True)

    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("some.library").exception("failed")

    record = json.loads(capsys.readouterr().out)
    assert record["event"] == "failed"
    assert record["exception"][0]["exc_type"] == "ValueError"


def test_console_output_for_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("{{ cookiecutter.service_name }}", "debug", json_logs=False)

    logging.getLogger("test").debug("readable")

    line = capsys.readouterr().out
    assert "readable" in line
    assert not line.startswith("{")
