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
    root.handlers[:], root.level = handlers, level
    structlog.reset_defaults()


def test_json_logs_are_one_object_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("{{ cookiecutter.service_name }}", "INFO", json_logs=True)

    with structlog.contextvars.bound_contextvars(request_id="req-1"):
        structlog.get_logger("test").info("hello", answer=42)
    logging.getLogger("library").debug("below the level")

    [line] = capsys.readouterr().out.splitlines()
    record = json.loads(line)
    assert record["event"] == "hello"
    assert record["level"] == "info"
    assert record["service"] == "{{ cookiecutter.service_name }}"
    assert record["request_id"] == "req-1"
    assert record["answer"] == 42
    assert "timestamp" in record


def test_console_logs_are_readable(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("{{ cookiecutter.service_name }}", "DEBUG", json_logs=False)

    logging.getLogger("library").debug("plain stdlib record")

    output = capsys.readouterr().out
    assert "plain stdlib record" in output
    assert not output.lstrip().startswith("{")
