"""Know your rights through the real bot: every topic, in every language, for every citizenship."""

from __future__ import annotations

import pytest

from bot.config import PROJECT_ROOT
from bot.core.languages import LANGUAGES
from bot.core.library import Library
from bot.core.menu import CITIZENSHIP_LABELS, Citizenship
from tests.e2e.people import Person, SandboxClient
from tests.e2e.test_foundation import say

LIBRARY = Library(PROJECT_ROOT / "content")
LIBRARY.reload()
CONTENT = LIBRARY.content


async def onboard(chat: SandboxClient, language: str, citizenship: Citizenship) -> Person:
    person = await chat.person(f"Reader {language} {citizenship}", language_code="ru")
    await person.send("/start")
    await person.press({lang.code: lang.native_name for lang in LANGUAGES}[language])
    await person.press(say(language, CITIZENSHIP_LABELS[citizenship]))
    return person


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("language", [language.code for language in LANGUAGES])
async def test_every_topic_reads_in_every_language_for_every_citizenship(
    chat: SandboxClient, bot, language: str
) -> None:
    for citizenship in Citizenship:
        reader = await onboard(chat, language, citizenship)
        await reader.press(say(language, "📘 Know your rights"))
        sections = CONTENT.sections_for(citizenship)
        titles = CONTENT.section_titles[language]
        assert reader.last.labels[:-1] == [titles[s.id] for s in sections]
        if citizenship is not Citizenship.KYRGYZSTAN:
            assert titles["in_kyrgyzstan"] not in reader.last.labels
        for section in sections:
            await reader.press(titles[section.id])
            for topic in CONTENT.topics_in(section.id, citizenship):
                guide = CONTENT.guide(language, topic.id)
                assert guide is not None
                await reader.press(guide.title)
                assert reader.last.text.endswith(
                    say(language, "Checked on {date}").format(
                        date=topic.checked_on.strftime("%d.%m.%Y")
                    )
                )
                assert say(language, "Sources") in reader.last.text
                assert say(language, "🆘 Emergency") in reader.last.labels
                assert say(language, "💬 Talk to a person") in reader.last.labels
                await reader.press(say(language, "⬅️ Back"))
            await reader.press(say(language, "⬅️ Back"))


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_kyrgyz_and_a_tajik_worker_read_different_rules_on_the_patent(
    chat: SandboxClient, bot
) -> None:
    readers = {}
    for citizenship in (Citizenship.KYRGYZSTAN, Citizenship.TAJIKISTAN):
        reader = await onboard(chat, "en", citizenship)
        await reader.press("📘 Know your rights")
        await reader.press(CONTENT.section_titles["en"]["work"])
        await reader.press(CONTENT.guide("en", "work_permit").title)  # type: ignore[union-attr]
        readers[citizenship] = "\n".join(m.text for m in reader.bot_messages[-3:])
    kg, tj = readers[Citizenship.KYRGYZSTAN], readers[Citizenship.TAJIKISTAN]
    assert kg != tj
    assert "EAEU" in kg
    assert "patent" in tj.lower()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_vote_is_counted_once_and_without_the_voter(chat: SandboxClient, bot) -> None:
    reader = await onboard(chat, "ru", Citizenship.UZBEKISTAN)
    await reader.press(say("ru", "📘 Know your rights"))
    await reader.press(CONTENT.section_titles["ru"]["work"])
    await reader.press(CONTENT.guide("ru", "contract_wages").title)  # type: ignore[union-attr]
    await reader.press(say("ru", "👍 Helpful"))
    assert say("ru", "Thank you! This helps us improve the guides.") in reader.alerts
    assert say("ru", "👍 Helpful") not in reader.last.labels, "one vote per reading"
    counts = await bot.dispatcher["feedback"].counts()
    assert counts == {("contract_wages", "ru"): (1, 0)}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_emergency_lists_112_and_marks_unconfirmed_numbers(chat: SandboxClient, bot) -> None:
    reader = await onboard(chat, "tg", Citizenship.TAJIKISTAN)
    await reader.press(say("tg", "🆘 Emergency & hotlines"))
    shown = "\n".join(m.text for m in reader.bot_messages[-3:])
    assert "112" in shown
    unconfirmed = [h for h in CONTENT.hotlines_for("tj") if h.status != "verified"]
    assert unconfirmed, "the shipped hotlines include one marked 'needs review'"
    assert say("tg", "Not yet confirmed by us: check it before you rely on it.") in shown


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_typed_question_offers_the_guides_that_answer_it(chat: SandboxClient, bot) -> None:
    reader = await onboard(chat, "ru", Citizenship.TAJIKISTAN)
    await reader.send("работодатель забрал паспорт")
    assert CONTENT.guide("ru", "passport_kept").title in reader.last.labels  # type: ignore[union-attr]
    assert say("ru", "🆘 Emergency") in reader.last.labels
    await reader.press(CONTENT.guide("ru", "passport_kept").title)  # type: ignore[union-attr]
    assert say("ru", "Sources") in reader.last.text


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_uzbek_typed_in_cyrillic_finds_latin_guides(chat: SandboxClient, bot) -> None:
    reader = await onboard(chat, "uz_Cyrl", Citizenship.UZBEKISTAN)
    await reader.send("рўйхатдан ўтиш")
    titles = reader.last.labels
    assert CONTENT.guide("uz_Cyrl", "registration").title in titles  # type: ignore[union-attr]
