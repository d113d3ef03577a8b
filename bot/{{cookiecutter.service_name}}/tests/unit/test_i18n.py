"""Every language has every text, and every text renders."""

from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast

from {{ cookiecutter.service_name }}.api.i18n import LANGUAGES, LOCALES, Translations

ARGUMENTS = {"name": "Ada", "max": 200, "length": 201, "id": "7", "description": "-", "detail": "x"}


def message_ids(language: str) -> set[str]:
    resource = FluentParser().parse(Path(LOCALES / language / "bot.ftl").read_text("utf-8"))
    assert not [entry for entry in resource.body if isinstance(entry, ast.Junk)], "syntax error"
    return {entry.id.name for entry in resource.body if isinstance(entry, ast.Message)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_exactly_the_fallbacks_texts(language: str) -> None:
    assert message_ids(language) == message_ids(LANGUAGES[0])


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_text_renders_without_placeholders_left(language: str) -> None:
    i18n = Translations().get(language)

    for key in message_ids(language):
        text = i18n(key, **ARGUMENTS)
        assert text and "{" not in text, key


def test_an_unknown_key_is_an_error() -> None:
    with pytest.raises(KeyError, match="no-such-text"):
        Translations().fallback("no-such-text")


def test_a_region_falls_back_to_its_language() -> None:
    translations = Translations()

    assert translations.get(f"{LANGUAGES[-1]}-XX").language == LANGUAGES[-1]
    assert translations.get("xx").language == LANGUAGES[0]
