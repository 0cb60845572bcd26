"""Languages: what Telegram suggests, the picker order, and forgiving input matching."""

import pytest

from bot.core.languages import LANGUAGES, languages_for_picker, normalise, suggest_language


@pytest.mark.parametrize(
    ("telegram_code", "expected"),
    [
        ("ky", "ky"),
        ("tg", "tg"),
        ("uz", "uz"),
        ("en-GB", "en"),
        ("ru-RU", "ru"),
        ("de", "ru"),
        (None, "ru"),
        ("", "ru"),
    ],
)
def test_telegram_language_code_suggests_a_language_with_russian_as_fallback(
    telegram_code: str | None, expected: str
) -> None:
    assert suggest_language(telegram_code) == expected


def test_the_picker_offers_every_language_with_the_suggested_one_first() -> None:
    picker = languages_for_picker("tg")
    assert picker[0].code == "tg"
    assert {language.code for language in picker} == {language.code for language in LANGUAGES}


@pytest.mark.parametrize(
    "typed", ["o'zbekcha", "o`zbekcha", "o’zbekcha", "o‘zbekcha", "Oʻzbekcha", "OʼZBEKCHA"]
)
def test_uzbek_apostrophe_variants_match(typed: str) -> None:
    assert normalise(typed) == normalise("Oʻzbekcha")


def test_tajik_letters_typed_on_a_russian_keyboard_match() -> None:
    assert normalise("Ҷавоби ҳуқуқӣ") == normalise("чавоби хукуки")


def test_normalising_collapses_spaces_and_case() -> None:
    assert normalise("  Патент   КАНЧА  ") == "патент канча"
