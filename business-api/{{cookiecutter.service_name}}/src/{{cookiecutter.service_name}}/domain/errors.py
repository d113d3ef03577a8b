{%- set Res = cookiecutter.resource_name.title().replace('_', '') -%}
"""Errors the use cases raise; the API layer turns them into HTTP answers."""


class DomainError(Exception):
    """Base of every error the domain defines."""


class {{ Res }}NotFoundError(DomainError):
    """No {{ cookiecutter.resource_name.replace('_', ' ') }} has the requested id."""

    def __init__(self, {{ cookiecutter.resource_name }}_id: int) -> None:
        super().__init__(f"{{ cookiecutter.resource_name.replace('_', ' ').capitalize() }} { {{- cookiecutter.resource_name }}_id} not found")
        self.{{ cookiecutter.resource_name }}_id = {{ cookiecutter.resource_name }}_id


class DataSourceError(DomainError):
    """The data source answered in a way its contract does not allow."""


class DataSourceUnavailableError(DataSourceError):
    """The data source could not be reached, failed or answered too slowly."""
