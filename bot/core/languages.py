"""The helpline's languages, how a Telegram language code suggests one, and input normalisation.

Normalisation lets the bot match what people actually type: Uzbek has four apostrophe
look-alikes for oʻ/gʻ, and Tajik users often type ч/х/к/г/и/у for ҷ/ҳ/қ/ғ/ӣ/ӯ on Russian keyboards.
Output always uses the correct letters; only matching is forgiving.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

DEFAULT_LANGUAGE = "ru"  # the fallback: every migrant's documents and officials are in Russian


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str  # shown on the language button, always in the language itself


LANGUAGES: tuple[Language, ...] = (
    Language("ru", "Русский"),
    Language("ky", "Кыргызча"),
    Language("tg", "Тоҷикӣ"),
    Language("uz", "Oʻzbekcha"),
    Language("uz_Cyrl", "Ўзбекча"),
    Language("en", "English"),
)
LANGUAGE_CODES = frozenset(language.code for language in LANGUAGES)
# Languages made from another one by transliteration: no catalog or guide files of their own.
DERIVED_LANGUAGES = {"uz_Cyrl": "uz"}
WRITTEN_LANGUAGES = LANGUAGE_CODES - DERIVED_LANGUAGES.keys()


def suggest_language(telegram_language_code: str | None) -> str:
    """The language to greet in before the person has chosen (they always choose themselves)."""
    if telegram_language_code:
        base = telegram_language_code.split("-")[0].lower()
        if base in LANGUAGE_CODES:
            return base
    return DEFAULT_LANGUAGE


def languages_for_picker(suggested: str) -> list[Language]:
    """All languages, the suggested one first so the likeliest tap is the nearest."""
    return sorted(LANGUAGES, key=lambda language: language.code != suggested)


_UZBEK_APOSTROPHES = str.maketrans({"'": "ʻ", "`": "ʻ", "‘": "ʻ", "’": "ʻ", "ʼ": "ʻ", "´": "ʻ"})
_TAJIK_TO_PLAIN = str.maketrans({"ҷ": "ч", "ҳ": "х", "қ": "к", "ғ": "г", "ӣ": "и", "ӯ": "у"})


def normalise(text: str) -> str:
    """A matching key: case-folded, Uzbek apostrophes unified, Tajik letters folded."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.translate(_UZBEK_APOSTROPHES).translate(_TAJIK_TO_PLAIN)
    return " ".join(text.split())
