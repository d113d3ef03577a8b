"""Request and response bodies of the {{ cookiecutter.resource_plural }} endpoints."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

# PostgreSQL rejects NUL characters in text: refuse them here, as a 422.
_NO_NUL = r"^[^\x00]*$"

Name = Annotated[str, Field(min_length=1, max_length=200, pattern=_NO_NUL)]
Description = Annotated[str, Field(max_length=2000, pattern=_NO_NUL)]


class {{ cookiecutter.__resource_class }}In(BaseModel):
    name: Name
    description: Description | None = None


class {{ cookiecutter.__resource_class }}Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str | None
    created_at: datetime


class {{ cookiecutter.__resource_class }}PageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    items: list[{{ cookiecutter.__resource_class }}Out]
    total: int
    offset: int
    limit: int
