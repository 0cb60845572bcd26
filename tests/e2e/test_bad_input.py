"""Bad input gets a short, kind answer in the user's language with the menu — never silence."""

from __future__ import annotations

import io

import pytest

from tests.e2e.people import SandboxClient
from tests.e2e.test_foundation import onboarded, say, starts_like


async def test_an_unknown_command_gets_the_menu(chat: SandboxClient, bot) -> None:
    bakyt = await onboarded(chat, language="ky")
    await bakyt.send("/weather")
    assert starts_like("ky", "I don't know this command.") in bakyt.last.text
    assert say("ky", "☰ Menu") in bakyt.last.labels


@pytest.mark.parametrize("kind", ["sticker", "voice", "photo", "document"])
async def test_media_outside_a_flow_is_explained_kindly(
    chat: SandboxClient, bot, kind: str
) -> None:
    bakyt = await onboarded(chat, language="tg")
    await bakyt.send_kind(kind)
    assert starts_like("tg", "I can only read text") in bakyt.last.text
    assert say("tg", "☰ Menu") in bakyt.last.labels


async def test_a_very_long_message_is_answered_without_echoing_it(chat: SandboxClient, bot) -> None:
    bakyt = await onboarded(chat, language="ru")
    pasted = "Помогите " * 555  # ~5,000 characters
    for start in range(0, len(pasted), 4096):  # Telegram's app splits it into 4,096-char messages
        await bakyt.send(pasted[start : start + 4096])
    assert starts_like("ru", "I could not find a guide for that.") in bakyt.last.text
    assert "Помогите Помогите" not in bakyt.last.text


async def test_text_that_looks_like_html_is_never_parsed_or_echoed(
    chat: SandboxClient, bot
) -> None:
    bakyt = await onboarded(chat, language="uz")
    await bakyt.send("<b>x</b> & <i>")
    assert starts_like("uz", "I could not find a guide for that.") in bakyt.last.text
    assert "<b>x</b>" not in bakyt.last.html


@pytest.mark.parametrize("kind", ["contact", "location"])
async def test_a_shared_contact_or_location_is_deleted_with_a_warning(
    chat: SandboxClient, bot, kind: str
) -> None:
    bakyt = await onboarded(chat, language="ky")
    await bakyt.send_kind(kind)
    assert starts_like("ky", "⚠️") in bakyt.last.text
    assert bakyt.own[-1]["deleted"], "what they shared is gone from the chat"


async def test_a_button_from_an_old_version_of_the_bot_leads_back_to_the_menu(
    chat: SandboxClient, bot
) -> None:
    bakyt = await onboarded(chat, language="en")
    old = await chat.as_bot(
        "sendMessage",
        chat_id=bakyt.chat_id,
        text="An old screen",
        reply_markup={
            "inline_keyboard": [[{"text": "Old button", "callback_data": "guide:v0:42"}]]
        },
    )
    await bakyt.press_data(old["result"]["message_id"], "guide:v0:42")
    assert "This button is out of date. Here is the menu." in bakyt.alerts
    assert "Main menu" in bakyt.last.text


async def test_typing_during_onboarding_repeats_the_question(chat: SandboxClient, bot) -> None:
    aliya = await chat.person("Aliya", language_code="en")
    await aliya.send("/start")
    await aliya.send("hello?")
    assert aliya.saw("Please choose a language with the buttons below.")
    assert "English" in aliya.last.labels


async def test_someone_who_skipped_onboarding_is_taken_back_to_it(chat: SandboxClient, bot) -> None:
    aliya = await chat.person("Aliya", language_code="ky")
    await aliya.send("/menu")
    assert "Кыргызча" in aliya.last.labels


async def test_when_telegram_fails_mid_answer_the_person_gets_an_apology_and_the_log_no_ids(
    chat: SandboxClient, bot, captured_logs: io.StringIO
) -> None:
    bakyt = await onboarded(chat, language="ky")
    await chat.control("POST", "faults", method="editMessageText", error_code=500, times=1)
    await bakyt.press(say("ky", "🔒 Privacy"))
    assert starts_like("ky", "😔") in bakyt.last.text
    assert say("ky", "☰ Menu") in bakyt.last.labels
    logs = captured_logs.getvalue()
    assert "update.failed error=TelegramServerError" in logs
    assert str(bakyt.id) not in logs
