{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""Errors of the domain, independent of any transport."""


class NotFoundError(LookupError):
    """A requested entity does not exist."""


class {{ Res }}NotFoundError(NotFoundError):
    """No {{ res.replace('_', ' ') }} has the requested id."""

    def __init__(self, {{ res }}_id: int) -> None:
        super().__init__(f"{{ res.replace('_', ' ').capitalize() }} {{ '{' }}{{ res }}_id} not found")
        self.{{ res }}_id = {{ res }}_id


class StaleVersionError(Exception):
    """A write named a version that is no longer the current one (a lost update avoided)."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(f"Version {expected} is stale: the current version is {current}")
        self.expected = expected
        self.current = current


class IdempotencyKeyReusedError(Exception):
    """An idempotency key already answered a different request."""

    def __init__(self) -> None:
        super().__init__("This Idempotency-Key was already used with a different request body")


class IdempotencyKeyInProgressError(Exception):
    """Another request with the same idempotency key has not finished yet."""

    def __init__(self) -> None:
        super().__init__("A request with this Idempotency-Key is still in progress")


class InvalidCursorError(ValueError):
    """A pagination cursor that this service did not issue."""

    def __init__(self) -> None:
        super().__init__("The cursor is malformed: pass a next_cursor value unchanged")


class UnavailableError(Exception):
    """A dependency (named by ``dependency``) did not answer in time or refused."""

    def __init__(self, dependency: str) -> None:
        super().__init__(f"The {dependency} is unavailable, try again later")
        self.dependency = dependency
