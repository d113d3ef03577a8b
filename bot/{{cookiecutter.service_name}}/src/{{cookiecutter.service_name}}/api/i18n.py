{%- set languages = cookiecutter.languages.split(',') | map('trim') | list -%}
"""Texts in the user's language (Fluent files in ``locales/``), with a fallback language.

Fluent (projectfluent.org) keeps translations in plain-text ``.ftl`` files that translators
edit directly; gettext would need compiled ``.mo`` files built and shipped beside them.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

LOCALES = Path(__file__).resolve().parent.parent / "locales"
# The first language is the fallback: for users whose Telegram language is not listed and
# for texts missing from a translation.
LANGUAGES = {{ languages | tojson }}


class Translator:
    """The texts of one language: ``translator("greeting", name=...)``."""

    def __init__(self, language: str, bundles: list[FluentBundle]) -> None:
        self.language = language
        self._bundles = bundles

    def __call__(self, key: str, **args: Any) -> str:
        for bundle in self._bundles:
            if bundle.has_message(key):
                pattern = bundle.get_message(key).value
                if pattern is not None:
                    text, _ = bundle.format_pattern(pattern, args)
                    return str(text)
        raise KeyError(f"no text {key!r} in {', '.join(LANGUAGES)}")


class Translations:
    """One ``Translator`` per language, loaded once at start-up."""

    def __init__(self, languages: Sequence[str] = LANGUAGES) -> None:
        fallback = _load(languages[0])
        self.fallback = Translator(languages[0], [fallback])
        self._translators = {languages[0]: self.fallback} | {
            language: Translator(language, [_load(language), fallback])
            for language in languages[1:]
        }

    @property
    def languages(self) -> list[str]:
        return list(self._translators)

    def get(self, language_code: str | None) -> Translator:
        """The translator for a Telegram ``language_code`` such as ``en`` or ``pt-br``."""
        language = (language_code or "").split("-")[0].lower()
        return self._translators.get(language, self.fallback)


def _load(language: str) -> FluentBundle:
    # No isolation marks around placeables: Telegram shows them as stray characters.
    bundle = FluentBundle([language], use_isolating=False)
    bundle.add_resource(FluentResource((LOCALES / language / "bot.ftl").read_text("utf-8")))
    return bundle
