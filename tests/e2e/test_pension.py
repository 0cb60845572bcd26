"""The pension check through the real bot: every language, every citizenship, Back, Change,
"I don't know", the whole result as one message, stale buttons, and nothing stored about it."""

from __future__ import annotations

import pytest

from bot.config import PROJECT_ROOT
from bot.core import pension
from bot.core.languages import LANGUAGES
from bot.core.library import Library
from bot.core.menu import Citizenship
from tests.e2e.people import Person, SandboxClient
from tests.e2e.test_foundation import say
from tests.e2e.test_rights import onboard

LIBRARY = Library(PROJECT_ROOT / "content")
LIBRARY.reload()


def shipped_rules() -> pension.Rules:
    assert LIBRARY.rules is not None
    return LIBRARY.rules


RULES = shipped_rules()

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

EXPECTED = {
    Citizenship.KYRGYZSTAN: ("eaeu_worker", "kg_eaeu_since_2021"),
    Citizenship.TAJIKISTAN: ("patent", "tj_treaty"),
    Citizenship.UZBEKISTAN: ("patent", "uz_no_treaty"),
    Citizenship.OTHER: ("patent", "other_country"),
}


def label(language: str, question: str, option: str) -> str:
    text = LIBRARY.pension[language].questions[question].options[option]
    return pension.fill(text, RULES)


def verdict_title(language: str, verdict: str) -> str:
    return pension.fill(LIBRARY.pension[language].verdicts[verdict][0], RULES)


async def answer_everything(
    person: Person, language: str, citizenship: Citizenship, status: str
) -> None:
    own = {"kg": "kg", "tj": "tj", "uz": "uz", "other": "other"}[citizenship.value]
    await person.press("✓ " + label(language, "citizenship", own))
    await person.press(label(language, "status", status))
    await person.press("⬜ " + label(language, "periods", "since_2021"))
    await person.press(say(language, "✅ Done"))
    await person.press(label(language, "years", "y3_4"))
    await person.press(label(language, "contributions", "yes"))
    await person.press(label(language, "snils", "yes"))
    await person.press(label(language, "sex", "woman"))
    await person.press(label(language, "birth", "b_1990_or_later"))
    await person.press(label(language, "home_years", "h_1_5"))


def shown(person: Person) -> str:
    return "\n".join(message.text for message in person.bot_messages[-3:])


@pytest.mark.parametrize("language", [language.code for language in LANGUAGES])
async def test_the_wizard_gives_each_citizenship_its_verdict_in_every_language(
    chat: SandboxClient, bot, language: str
) -> None:
    for citizenship, (status, verdict) in EXPECTED.items():
        person = await onboard(chat, language, citizenship)
        await person.press(say(language, "🧓 Pension check"))
        await person.press(say(language, "▶️ Start"))
        await answer_everything(person, language, citizenship, status)
        result = shown(person)
        assert verdict_title(language, verdict) in result
        assert say(language, "Rules checked on {date}").format(date="27.11.2026") in result
        assert say(language, "Sources") in result
        assert say(language, "🆘 Emergency") in person.last.labels


async def test_back_and_change_an_answer_lead_to_the_right_verdict(
    chat: SandboxClient, bot
) -> None:
    aziz = await onboard(chat, "en", Citizenship.UZBEKISTAN)
    await aziz.press("🧓 Pension check")
    await aziz.press("▶️ Start")
    await aziz.press("✓ " + label("en", "citizenship", "uz"))
    await aziz.press(label("en", "status", "patent"))
    await aziz.press("⬅️ Back")
    assert (
        pension.fill(LIBRARY.pension["en"].questions["status"].text, RULES).splitlines()[0]
        in aziz.last.text
    )
    await aziz.press(label("en", "status", "vnzh"))
    await aziz.press("⬜ " + label("en", "periods", "since_2021"))
    await aziz.press("⬜ " + label("en", "periods", "from_2015_to_2020"))
    await aziz.press("✅ Done")
    for _ in range(len(RULES.questions) - 3):
        await aziz.press("🤷 I don't know")
    assert verdict_title("en", "residence_record_unknown") in shown(aziz)

    await aziz.press("✏️ Change an answer")
    years_question = pension.fill(
        LIBRARY.pension["en"].questions["years"].text, RULES
    ).splitlines()[0]
    await aziz.press(years_question if len(years_question) <= 60 else years_question[:57] + "…")
    await aziz.press(label("en", "years", "y15_19"))
    assert verdict_title("en", "residence_enough_record") in shown(aziz)


async def test_skipping_every_question_still_gives_a_careful_answer(
    chat: SandboxClient, bot
) -> None:
    reader = await onboard(chat, "ru", Citizenship.TAJIKISTAN)
    await reader.press(say("ru", "🧓 Pension check"))
    await reader.press(say("ru", "▶️ Start"))
    for _ in RULES.questions:
        await reader.press(say("ru", "🤷 I don't know"))
    assert verdict_title("ru", "other_country") in shown(reader)


async def test_the_whole_result_comes_as_one_message_to_keep(chat: SandboxClient, bot) -> None:
    reader = await onboard(chat, "ky", Citizenship.KYRGYZSTAN)
    await reader.press(say("ky", "🧓 Pension check"))
    await reader.press(say("ky", "▶️ Start"))
    await answer_everything(reader, "ky", Citizenship.KYRGYZSTAN, "eaeu_worker")
    before = len(reader.bot_messages)
    await reader.press(say("ky", "📄 Whole result as one message"))
    kept = reader.bot_messages[before:]
    assert len(kept) == 1 and not kept[0].buttons
    assert say("ky", "Your answers") in kept[0].text
    assert verdict_title("ky", "kg_eaeu_since_2021") in kept[0].text


async def test_a_button_from_before_the_questions_changed_is_out_of_date(
    chat: SandboxClient, bot
) -> None:
    reader = await onboard(chat, "en", Citizenship.KYRGYZSTAN)
    old = await chat.as_bot(
        "sendMessage",
        chat_id=reader.chat_id,
        text="An old question",
        reply_markup={"inline_keyboard": [[{"text": "Old answer", "callback_data": "pw:zz:01"}]]},
    )
    await reader.press_data(old["result"]["message_id"], "pw:zz:01")
    assert "This button is out of date." in reader.alerts
    assert "▶️ Start" in reader.last.labels


async def test_only_an_anonymous_count_of_the_verdict_is_kept(chat: SandboxClient, bot) -> None:
    reader = await onboard(chat, "uz", Citizenship.UZBEKISTAN)
    await reader.press(say("uz", "🧓 Pension check"))
    await reader.press(say("uz", "▶️ Start"))
    await answer_everything(reader, "uz", Citizenship.UZBEKISTAN, "patent")
    assert await bot.dispatcher["feedback"].verdict_counts() == {("uz_no_treaty", "uz"): 1}
    state = await bot.dispatcher.fsm.storage.get_data(
        bot.dispatcher.fsm.get_context(bot.bot, reader.chat_id, reader.id).key
    )
    assert state == {}, "no answer is kept in the conversation state"
