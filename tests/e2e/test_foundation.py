"""Whole conversations with the real bot: onboarding in every language, the menu, restarts."""

from __future__ import annotations

import html
import re
from functools import cache

import pytest
from babel.support import Translations

from bot.config import PROJECT_ROOT
from bot.core.languages import DERIVED_LANGUAGES, LANGUAGES, WRITTEN_LANGUAGES
from bot.core.menu import CITIZENSHIP_LABELS, MAIN_MENU, Citizenship
from bot.core.transliterate import latin_to_cyrillic
from tests.e2e.conftest import BotProcess
from tests.e2e.people import SandboxClient

LOCALES = PROJECT_ROOT / "content" / "locales"
CITIZENSHIP_PROMPT = "Which country's passport do you have?"
MENU_TITLE = "Main menu"


@cache
def catalog(language: str) -> Translations:
    """The compiled catalog; for a derived language (Ўзбекча), the one it is made from."""
    base = DERIVED_LANGUAGES.get(language, language)
    translations = Translations.load(LOCALES, [base], domain="messages")
    assert isinstance(translations, Translations), f"no compiled catalog for {base}"
    return translations


def say(language: str, msgid: str) -> str:
    """What the bot should show for `msgid` in `language`, as plain text."""
    text = catalog(language).gettext(msgid)
    if language in DERIVED_LANGUAGES:
        text = latin_to_cyrillic(text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def starts_like(language: str, msgid_start: str) -> str:
    """The translation of the catalog entry whose msgid starts with `msgid_start`, first line."""
    translations = catalog(language)
    for msgid in translations._catalog:
        if isinstance(msgid, str) and msgid.startswith(msgid_start):
            return say(language, msgid).splitlines()[0]
    raise AssertionError(f"no msgid starting {msgid_start!r}")


@pytest.mark.parametrize("language", [language.code for language in LANGUAGES])
async def test_a_newcomer_completes_onboarding_in_their_language(
    chat: SandboxClient, bot, language: str
) -> None:
    native = {lang.code: lang.native_name for lang in LANGUAGES}[language]
    amina = await chat.person("Amina", language_code="ru")
    await amina.send("/start")
    assert native in amina.last.labels, "every language is offered whatever Telegram suggests"

    await amina.press(native)
    assert starts_like(language, CITIZENSHIP_PROMPT) in amina.last.text
    if language != "en":
        assert CITIZENSHIP_PROMPT not in amina.last.text

    await amina.press(say(language, CITIZENSHIP_LABELS[Citizenship.KYRGYZSTAN]))
    assert starts_like(language, "<b>Main menu</b>") in amina.last.text
    expected = [say(language, item.label) for row in MAIN_MENU for item in row]
    assert amina.last.labels == expected


async def test_telegram_language_preselects_but_the_person_still_chooses(
    chat: SandboxClient, bot
) -> None:
    farrukh = await chat.person("Farrukh", language_code="tg")
    await farrukh.send("/start")
    assert farrukh.last.labels[0] == "Тоҷикӣ", "the suggested language comes first"
    assert len(farrukh.last.labels) == len(LANGUAGES)
    assert starts_like("tg", "👋") in farrukh.last.text

    await farrukh.press("Русский")
    assert starts_like("ru", CITIZENSHIP_PROMPT) in farrukh.last.text


async def test_a_returning_user_goes_straight_to_the_menu(chat: SandboxClient, bot) -> None:
    aziz = await chat.person("Aziz", language_code="uz")
    await aziz.send("/start")
    await aziz.press("Oʻzbekcha")
    await aziz.press(say("uz", "🇺🇿 Uzbekistan"))
    await aziz.send("/start")
    assert starts_like("uz", "<b>Main menu</b>") in aziz.last.text
    assert len(aziz.last.labels) == sum(len(row) for row in MAIN_MENU)


async def onboarded(chat: SandboxClient, name: str = "Bakyt", language: str = "ky"):
    person = await chat.person(name, language_code=language, username=f"{name.lower()}_osh")
    await person.send("/start")
    await person.press({lang.code: lang.native_name for lang in LANGUAGES}[language])
    await person.press(say(language, CITIZENSHIP_LABELS[Citizenship.KYRGYZSTAN]))
    return person


async def test_entries_not_built_yet_say_so_honestly_and_lead_back(
    chat: SandboxClient, bot
) -> None:
    bakyt = await onboarded(chat)
    for item in (entry for row in MAIN_MENU for entry in row if not entry.built):
        await bakyt.press(say("ky", item.label))
        assert starts_like("ky", "🛠") in bakyt.last.text
        await bakyt.press(say("ky", "☰ Menu"))
        assert starts_like("ky", "<b>Main menu</b>") in bakyt.last.text


async def test_emergency_always_gives_112_even_before_hotlines_exist(
    chat: SandboxClient, bot
) -> None:
    bakyt = await onboarded(chat, language="ru")
    await bakyt.press(say("ru", "🆘 Emergency & hotlines"))
    assert "112" in bakyt.last.text


async def test_privacy_screen_says_what_is_and_is_not_stored(chat: SandboxClient, bot) -> None:
    bakyt = await onboarded(chat, language="tg")
    await bakyt.send("/privacy")
    assert starts_like("tg", "🔒") in bakyt.last.text
    await bakyt.press(say("tg", "☰ Menu"))
    await bakyt.press(say("tg", "🔒 Privacy"))
    assert starts_like("tg", "🔒") in bakyt.last.text


async def test_changing_language_from_the_menu_answers_in_the_new_language(
    chat: SandboxClient, bot
) -> None:
    bakyt = await onboarded(chat, language="ky")
    await bakyt.press(say("ky", "🌐 Language"))
    await bakyt.press("English")
    assert "Language saved" in bakyt.last.text
    assert "Main menu" in bakyt.last.text
    await bakyt.send("/language")
    await bakyt.press("🌍 Change country")
    await bakyt.press("🇹🇯 Tajikistan")
    assert "Country saved: 🇹🇯 Tajikistan." in bakyt.last.text


async def test_commands_are_registered_in_every_language(chat: SandboxClient, bot) -> None:
    person = await chat.person("Nodira", language_code="uz")
    await person.send("/start")  # handled means start-up, and so set_my_commands, has happened
    registered = await chat.control("GET", "commands")
    text = repr(registered)
    for language in WRITTEN_LANGUAGES:  # Telegram's language codes have no script variants
        assert say(language, "Change language") in text


async def test_a_conversation_survives_a_restart(
    chat: SandboxClient, bot_process: BotProcess
) -> None:
    await bot_process.start()
    gulnara = await chat.person("Gulnara", language_code="ky")
    await gulnara.send("/start")
    await gulnara.press("Кыргызча")

    await bot_process.restart()  # a new Bot, Dispatcher and storage connection

    await gulnara.send("салам")
    assert gulnara.saw(say("ky", "Please choose your country with the buttons below."))
    await gulnara.press(say("ky", "🇰🇬 Kyrgyzstan"))
    assert starts_like("ky", "✅ All set.") in gulnara.last.text


async def test_messages_sent_while_the_bot_is_down_are_answered_when_it_is_back(
    chat: SandboxClient, bot_process: BotProcess
) -> None:
    dilnoza = await chat.person("Dilnoza", language_code="uz")
    sent = await chat.control(
        "POST", f"chats/{dilnoza.chat_id}/messages", from_id=dilnoza.id, kind="text", text="/start"
    )
    await bot_process.start()
    await chat.wait_handled(sent["update_id"])
    await dilnoza.refresh()
    assert "Oʻzbekcha" in dilnoza.last.labels


async def test_the_bot_waits_out_telegrams_flood_control(chat: SandboxClient, bot) -> None:
    await chat.control(
        "POST", "faults", method="sendMessage", error_code=429, retry_after=1, times=1
    )
    rustam = await chat.person("Rustam", language_code="ru")
    await rustam.send("/start")
    assert "Русский" in rustam.last.labels
