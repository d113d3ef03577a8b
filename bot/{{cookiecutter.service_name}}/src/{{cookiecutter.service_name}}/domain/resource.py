{%- set Res = cookiecutter.resource_name.title().replace('_', '') -%}
"""The {{ cookiecutter.resource_name | replace('_', ' ') }} the dialogue creates and the rules of its fields."""

from dataclasses import dataclass
from typing import Literal

# The business API's limits: answers are checked here, before anything is sent.
NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 2000

Problem = Literal["blank", "too_long", "unprintable"]


class InvalidAnswer(ValueError):
    """An answer the business API would refuse; ``problem`` names the rule it breaks."""

    def __init__(self, problem: Problem, length: int = 0) -> None:
        super().__init__(problem)
        self.problem = problem
        self.length = length


def clean_text(text: str, max_length: int) -> str:
    """``text`` trimmed, or ``InvalidAnswer`` if it is blank, too long or holds NUL."""
    cleaned = text.strip()
    if not cleaned:
        raise InvalidAnswer("blank")
    if "\x00" in cleaned:
        raise InvalidAnswer("unprintable")
    if len(cleaned) > max_length:
        raise InvalidAnswer("too_long", len(cleaned))
    return cleaned


@dataclass(frozen=True)
class {{ Res }}:
    """A {{ cookiecutter.resource_name | replace('_', ' ') }} as the business API returns it."""

    id: int
    name: str
    description: str | None
