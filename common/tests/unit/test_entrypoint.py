import pytest

from {{ cookiecutter.service_name }}.__main__ import main


def test_a_bad_variable_stops_start_up_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "not-a-port")

    with pytest.raises(SystemExit) as raised:
        main()

    assert "was not started" in str(raised.value)
    assert "PORT: Input should be a valid integer" in str(raised.value)
