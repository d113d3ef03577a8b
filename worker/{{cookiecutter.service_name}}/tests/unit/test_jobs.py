from structlog.testing import capture_logs

from {{ cookiecutter.service_name }}.application.jobs import report_dead_letters


async def test_waiting_dead_letters_are_reported_as_a_warning() -> None:
    async def three() -> int:
        return 3

    with capture_logs() as logs:
        assert await report_dead_letters(three) == 3

    assert logs == [{"event": "dead_letters.waiting", "log_level": "warning", "count": 3}]


async def test_an_empty_dead_letter_queue_is_reported_quietly() -> None:
    async def none() -> int:
        return 0

    with capture_logs() as logs:
        assert await report_dead_letters(none) == 0

    assert [log["log_level"] for log in logs] == ["info"]
