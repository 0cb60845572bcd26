"""Search: real questions, typed the way migrants type them, find the right guide."""

from __future__ import annotations

import pytest

from bot.config import PROJECT_ROOT
from bot.core.library import Library

LIBRARY = Library(PROJECT_ROOT / "content")
LIBRARY.reload()
ALL_TOPICS = set(LIBRARY.content.topics)

QUESTIONS = [
    # (language the person reads, what they typed, the guide that answers it)
    ("ru", "работодатель забрал паспорт", "passport_kept"),
    ("ru", "сколько дней можно находиться в россии", "entry_stay"),
    ("ru", "как сделать регистрацию", "registration"),
    ("ru", "не платят зарплату", "contract_wages"),
    ("ru", "меня задержала полиция", "police"),
    ("ru", "как проверить запрет на въезд", "bans_expulsion"),
    ("ru", "скорая помощь бесплатно?", "medical"),
    ("ru", "ребенка не берут в школу", "school"),
    ("ru", "дактилоскопия и медосвидетельствование", "biometrics_ruid"),
    ("ky", "патент канча турат", "work_permit"),
    ("ky", "айлык акымды бербей жатат", "contract_wages"),
    ("ky", "каттоого туруу", "registration"),
    ("ky", "прописка жок, ооруканага барсам болобу", "internal_registration"),
    ("tg", "патент гирифтан", "work_permit"),
    ("tg", "бакайдгири чанд руз", "registration"),
    ("tg", "мактаб барои кудак", "school"),
    ("tg", "шиносномаамро кордиҳанда гирифт", "passport_kept"),
    ("uz", "ish haqi bermayapti", "contract_wages"),
    ("uz", "patent olish", "work_permit"),
    ("uz", "ро'йхатдан о'тиш", "registration"),
    ("uz_Cyrl", "рўйхатдан ўтиш", "registration"),
    ("uz", "politsiya ushladi", "police"),
    ("en", "my boss took my passport", "passport_kept"),
    ("en", "how long can I stay in Russia", "entry_stay"),
    ("en", "fake registration for money", "scams"),
    ("en", "what papers to keep when I go home", "returning_home"),
]


def search(language: str, text: str, topics: set[str] = ALL_TOPICS) -> list[str]:
    base = "uz" if language == "uz_Cyrl" else language
    return LIBRARY.index.search(text, [base, "ru"], topics)


@pytest.mark.parametrize(("language", "question", "topic"), QUESTIONS)
def test_a_real_question_finds_its_guide_among_the_three_offered(
    language: str, question: str, topic: str
) -> None:
    assert topic in search(language, question)


def test_at_most_three_guides_are_offered() -> None:
    assert len(search("ru", "патент регистрация полиция паспорт зарплата школа")) <= 3


def test_typos_and_capitals_still_find_the_guide() -> None:
    assert "passport_kept" in search("ru", "РАБОТАДАТЕЛЬ ЗАБРАЛ ПАСПАРТ")


def test_nonsense_finds_nothing() -> None:
    assert search("en", "qwxz zzvq") == []


def test_a_guide_that_does_not_apply_is_never_offered() -> None:
    not_for_tajiks = ALL_TOPICS - {"internal_registration"}
    assert "internal_registration" not in search("ru", "прописка в кыргызстане", not_for_tajiks)
