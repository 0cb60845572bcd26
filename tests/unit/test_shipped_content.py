"""The shipped guides state nothing the fact sheet marks NOT FOUND, and carry their sources.

Each pattern below is a fact that `shared/domain/facts.md` looked for and did not find (or found
only unusable): a guide that matches one states something nobody has verified.
"""

from __future__ import annotations

import re

import pytest

from bot.config import PROJECT_ROOT
from bot.core.library import Library

LIBRARY = Library(PROJECT_ROOT / "content")
PROBLEMS = LIBRARY.reload()
CONTENT = LIBRARY.content

NOT_FOUND = {
    "the Tajik labour ministry's Moscow number (rang unanswered, Nov 2024)": r"967[-\s]?98[-\s]?44",
    "a patent price (changes yearly; NEEDS REVIEW)": r"\b4[\s,.]?700\b",
    "the Criminal Code article on taking documents": r"\b(325|127\.1|127\.2)\b",
    "the time limit for wage claims (Labour Code art. 392)": r"\b392\b",
}
VERIFIED_NUMBERS = {"112", "101", "102", "103", "104"}
PHONE = re.compile(r"(?<![\d.])(?:\+?\d[\d\s()-]{6,}\d|\b10[1-4]\b|\b112\b)")


def all_guide_texts() -> list[tuple[str, str]]:
    return [
        (
            f"{language}/{topic}",
            "\n".join([guide.title, *(p for b in guide.blocks for p in b.paragraphs)]),
        )
        for (language, topic), guide in CONTENT.guides.items()
    ]


def test_the_shipped_content_loads_without_errors() -> None:
    assert [p for p in PROBLEMS if not p.warning] == []
    assert len(CONTENT.topics) >= 13


@pytest.mark.parametrize(("fact", "pattern"), NOT_FOUND.items())
def test_no_guide_states_a_fact_the_sheet_marks_not_found(fact: str, pattern: str) -> None:
    stating = [where for where, text in all_guide_texts() if re.search(pattern, text, re.I)]
    assert stating == [], f"{fact} is stated in {stating}"


def test_every_phone_number_in_a_guide_is_a_sourced_hotline() -> None:
    known = {re.sub(r"\D", "", h.phone) for h in CONTENT.hotlines if h.phone} | VERIFIED_NUMBERS
    for where, text in all_guide_texts():
        for number in PHONE.findall(text):
            digits = re.sub(r"\D", "", number)
            if len(digits) >= 7 or digits in VERIFIED_NUMBERS:
                assert digits in known, f"{where} gives {number!r}, which no hotline entry sources"


def test_every_topic_has_dated_sources_and_a_recent_check() -> None:
    for topic in CONTENT.topics.values():
        assert topic.sources, topic.id
        assert (topic.checked_on.year, topic.checked_on.month) >= (2026, 1), topic.id


def test_unconfirmed_hotlines_are_marked_for_review() -> None:
    iom = [h for h in CONTENT.hotlines if h.phone and "333" in h.phone]
    assert iom and all(h.status == "needs review" for h in iom), "facts.md E3: IOM NEEDS REVIEW"
