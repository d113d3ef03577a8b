from pydantic import BaseModel, Field, ValidationError

from {{ cookiecutter.service_name }}.core.config import settings_error


class Example(BaseModel):
    required_url: str
    workers: int = Field(default=1, ge=1)


def test_names_every_bad_variable() -> None:
    try:
        Example.model_validate({"workers": 0})
    except ValidationError as error:
        message = str(settings_error(error))
    assert message.splitlines() == [
        "REQUIRED_URL is not set",
        "WORKERS: Input should be greater than or equal to 1",
    ]
