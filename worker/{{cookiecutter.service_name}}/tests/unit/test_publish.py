import pytest

from {{ cookiecutter.service_name }}.application.handlers import EVENT_NAME
from {{ cookiecutter.service_name }}.publish import main, sample_event


def test_a_sample_event_is_a_valid_envelope() -> None:
    event = sample_event(EVENT_NAME, {"id": 7})

    assert event.event_type == EVENT_NAME
    assert event.payload == {"id": 7}
    assert event.request_id


@pytest.mark.parametrize(
    "argv",
    [["--payload", "{oops"], ["--payload", "[1]"], ["--routing-key", "Not A Key"]],
    ids=["malformed-json", "not-an-object", "bad-routing-key"],
)
def test_bad_input_publishes_nothing_and_says_why(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)

    assert str(exit_info.value.code).startswith("Nothing published: ")
