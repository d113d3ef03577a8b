from httpx import AsyncClient

from ..helpers import URL


def sample(text: str, prefix: str) -> float:
    [line] = [line for line in text.splitlines() if line.startswith(prefix)]
    return float(line.rsplit(" ", 1)[1])


async def test_requests_are_counted_and_timed_by_route_template(client: AsyncClient) -> None:
    created = (await client.post(URL, json={"name": "x"})).json()
    await client.get(f"{URL}/{created['id']}")
    await client.get(f"{URL}/999")
    await client.get("/no/such/path")

    text = (await client.get("/metrics")).text

    route = URL + "/{{ '{' }}{{ cookiecutter.resource_name }}_id}"
    ok = 'http_requests_total{method="GET",route="' + route + '",status="200"}'
    assert sample(text, ok) == 1
    assert sample(text, ok.replace("200", "404")) == 1
    assert sample(text, 'http_requests_total{method="GET",route="unmatched",status="404"}') == 1
    count = 'http_request_duration_seconds_count{method="POST",route="' + URL + '"}'
    assert sample(text, count) == 1


async def test_the_database_pool_is_reported(client: AsyncClient) -> None:
    text = (await client.get("/metrics")).text

    assert sample(text, 'db_pool_connections{state="in_use"}') >= 0
    assert sample(text, "db_pool_waiting") == 0
