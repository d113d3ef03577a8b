import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from {{ cookiecutter.service_name }}.core.logging import MASK, configure_logging


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)
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


def test_sensitive_values_are_masked_at_any_depth(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("{{ cookiecutter.service_name }}", "info", redact_fields="email, phone")

    structlog.stdlib.get_logger("test").info(
        "signed up",
        password="hunter2",
        headers={"Authorization": "Bearer abc.def", "X-API-Key": "k-123", "Accept": "*/*"},
        users=[{"email": "ada@example.com", "mobile_phone": "+44 20 7946 0958", "name": "Ada"}],
    )

    record = json.loads(capsys.readouterr().out)
    assert record["password"] == MASK
    assert record["headers"] == {"Authorization": MASK, "X-API-Key": MASK, "Accept": "*/*"}
    assert record["users"] == [{"email": MASK, "mobile_phone": MASK, "name": "Ada"}]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "POST https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq/getMe",
            f"POST https://api.telegram.org/bot{MASK}/getMe",
        ),
        ("Authorization: Bearer eyJhbGciOi.e30.sig", f"Authorization: Bearer {MASK}"),
        ("amqp://app:s3cret@broker:5672/", f"amqp://app:{MASK}@broker:5672/"),
        ("GET /items?access_token=abc&page=2", f"GET /items?access_token={MASK}&page=2"),
        ("plain text at 12:30, nothing secret", "plain text at 12:30, nothing secret"),
    ],
)
def test_secrets_inside_library_messages_are_masked(
    text: str, shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("{{ cookiecutter.service_name }}", "info")

    logging.getLogger("some.library").warning("%s", text)

    assert json.loads(capsys.readouterr().out)["event"] == shown


def test_secrets_in_tracebacks_are_masked(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("{{ cookiecutter.service_name }}", "info")
    token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq"

    try:
        raise ConnectionError(f"cannot reach https://api.telegram.org/bot{token}/getUpdates")
    except ConnectionError:
        logging.getLogger("aiogram.dispatcher").exception("polling failed")

    out = capsys.readouterr().out
    assert token not in out
    assert json.loads(out)["exception"][0]["exc_type"] == "ConnectionError"
