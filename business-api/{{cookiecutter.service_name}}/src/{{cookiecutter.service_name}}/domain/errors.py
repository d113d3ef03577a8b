{%- set res = cookiecutter.resource_name -%}
{%- set Res = res.title().replace('_', '') -%}
"""Errors the use cases raise; the API layer turns them into Problem Details."""

from typing import Any


class DomainError(Exception):
    """Base of every error the domain defines."""


class {{ Res }}NotFoundError(DomainError):
    """No {{ res.replace('_', ' ') }} has the requested id."""

    def __init__(self, {{ res }}_id: int) -> None:
        super().__init__(f"{{ res.replace('_', ' ').capitalize() }} { {{- res }}_id} not found")
        self.{{ res }}_id = {{ res }}_id


class BusinessRuleError(DomainError):
    """A business rule rejects the input; ``errors`` says where and why (input not echoed)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field} {message}")
        self.errors: list[dict[str, Any]] = [
            {"loc": [field], "msg": message, "type": "value_error"}
        ]


class VersionRequiredError(DomainError):
    """An update must name the version it was based on (``If-Match``)."""

    def __init__(self) -> None:
        super().__init__('The If-Match header with the version read ("<version>") is required')


class VersionMismatchError(DomainError):
    """The {{ res.replace('_', ' ') }} changed since the client read it."""

    def __init__(self) -> None:
        super().__init__("The version in If-Match is not the current one; read it again")


class ConflictError(DomainError):
    """The request conflicts with another one in progress (e.g. the same idempotency key)."""


class RejectedError(DomainError):
    """The data source rejected the request as invalid; ``errors`` as in a 422 answer."""

    def __init__(self, message: str, errors: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.errors = errors


class DataSourceError(DomainError):
    """The data source answered in a way its contract does not allow."""


class DataSourceUnavailableError(DataSourceError):
    """The data source could not be reached or failed."""


class DataSourceTimeoutError(DataSourceUnavailableError):
    """The data source did not answer in time."""
{%- if cookiecutter.use_rabbitmq == "yes" or cookiecutter.websocket == "yes" %}


class EventPublishError(DomainError):
    """The change was stored, but its event could not be delivered (it is logged in full)."""
{%- endif %}
