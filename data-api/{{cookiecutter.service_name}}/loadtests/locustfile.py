"""Load test of the {{ cookiecutter.resource_plural.replace('_', ' ') }} API, the mix a data service usually sees: mostly reads.

    pip install locust==2.47.0
    locust -f loadtests/locustfile.py --host http://localhost:8001
    locust -f loadtests/locustfile.py --host http://localhost:8001 --headless -u 50 -r 10 -t 1m

Locust is not a dependency of the service: install it where you run the load.
"""

import random
import uuid

from locust import FastHttpUser, between, task

URL = "/api/v1/{{ cookiecutter.resource_plural }}"


class Client(FastHttpUser):
    """A calling service: reads by id, lists, creates and updates."""

    wait_time = between(0.01, 0.1)

    def on_start(self) -> None:
        self.ids: list[int] = []
        for number in range(5):
            self.create(f"warm-up {number}")

    def create(self, name: str) -> None:
        headers = {"Idempotency-Key": uuid.uuid4().hex}
        body = {"name": name, "description": "created by locust"}
        with self.client.post(URL, json=body, headers=headers, catch_response=True) as answer:
            if answer.status_code == 201:
                self.ids.append(answer.json()["id"])
            else:
                answer.failure(f"create answered {answer.status_code}")

    @task(10)
    def read_one(self) -> None:
        self.client.get(f"{URL}/{random.choice(self.ids)}", name=f"{URL}/[id]")

    @task(3)
    def list_page(self) -> None:
        self.client.get(URL, params={"limit": 20, "sort": "-created_at"}, name=URL)

    @task(1)
    def create_one(self) -> None:
        self.create(f"load {uuid.uuid4().hex[:8]}")

    @task(1)
    def update_one(self) -> None:
        path = f"{URL}/{random.choice(self.ids)}"
        current = self.client.get(path, name=f"{URL}/[id]")
        if current.status_code != 200:
            return
        headers = {"If-Match": current.headers["ETag"]}
        body = {"description": f"updated {uuid.uuid4().hex[:8]}"}
        with self.client.patch(
            path, json=body, headers=headers, name=f"{URL}/[id]", catch_response=True
        ) as answer:
            # Another user may have updated it in between: a 412 is the API doing its job.
            if answer.status_code in (200, 412):
                answer.success()
