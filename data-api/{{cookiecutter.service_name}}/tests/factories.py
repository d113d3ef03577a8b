{%- set res = cookiecutter.resource_name -%}
{%- set Res = cookiecutter.__resource_class -%}
"""Realistic example data (Faker) for tests and ``make seed``."""

from faker import Faker

from {{ cookiecutter.service_name }}.domain.{{ res }} import {{ Res }}Draft

fake = Faker()


def {{ res }}_draft(
    name: str | None = None,
    description: str | None = None,
) -> {{ Res }}Draft:
    """A draft with a plausible name and (four times in five) a description."""
    if description is None and fake.boolean(80):
        description = fake.paragraph(nb_sentences=3)
    return {{ Res }}Draft(name or fake.catch_phrase()[:200], description)


def {{ res }}_drafts(count: int) -> list[{{ Res }}Draft]:
    return [{{ res }}_draft() for _ in range(count)]
