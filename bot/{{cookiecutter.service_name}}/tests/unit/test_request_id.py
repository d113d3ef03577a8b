"""Each update gets its own request ID, in every log line of it."""

from structlog.contextvars import merge_contextvars
from structlog.testing import capture_logs

from {{ cookiecutter.service_name }}.core.request_id import current_request_id

from tests.conftest import Feed
from tests.fake_telegram import message_update


async def test_each_update_is_logged_with_its_own_request_id(feed: Feed) -> None:
    with capture_logs(processors=[merge_contextvars]) as logs:
        await feed(message_update("hello", update_id=1))
        await feed(message_update("hello", update_id=2))

    handled = [log for log in logs if log["event"] == "update.handled"]
    ids = [log.get("request_id") for log in handled]
    assert len(ids) == 2
    assert all(isinstance(value, str) and len(value) == 32 for value in ids)
    assert ids[0] != ids[1]
    assert current_request_id() == ids[1]
