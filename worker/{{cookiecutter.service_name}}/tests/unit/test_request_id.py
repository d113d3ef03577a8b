import structlog

from {{ cookiecutter.service_name }}.core.request_id import (
    outgoing_headers,
    request_id_scope,
    request_id_var,
    resolve,
)


def test_a_well_formed_request_id_is_kept() -> None:
    assert resolve("req-1.a:b_c") == "req-1.a:b_c"


def test_a_missing_or_malformed_request_id_is_replaced() -> None:
    fresh = resolve(None)

    assert len(fresh) == 32
    assert resolve("bad id\n") != "bad id\n"
    assert resolve("x" * 129) != "x" * 129


def test_the_scope_sets_logs_and_outgoing_headers_then_restores() -> None:
    with request_id_scope("req-7") as request_id:
        assert request_id == "req-7"
        assert structlog.contextvars.get_contextvars()["request_id"] == "req-7"
        assert outgoing_headers()["X-Request-ID"] == "req-7"

    assert request_id_var.get() is None
    assert "X-Request-ID" not in outgoing_headers()
    assert structlog.contextvars.get_contextvars() == {}
