"""Errors of the domain, independent of any transport."""


class NotFoundError(LookupError):
    """A requested entity does not exist."""


class {{ cookiecutter.__resource_class }}NotFoundError(NotFoundError):
    """No {{ cookiecutter.resource_name.replace('_', ' ') }} has the requested id."""

    def __init__(self, {{ cookiecutter.resource_name }}_id: int) -> None:
        super().__init__(f"{{ cookiecutter.resource_name.replace('_', ' ').capitalize() }} {{ '{' }}{{ cookiecutter.resource_name }}_id} not found")
        self.{{ cookiecutter.resource_name }}_id = {{ cookiecutter.resource_name }}_id
