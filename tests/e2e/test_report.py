"""Report abuse through the real bot: the guided report, the receipt code, the anonymous reply
channel, codes from another phone, guessing limits, double taps, a failing database, /forget."""

from __future__ import annotations

import asyncio
import base64
import re
import struct
from typing import Any

import pytest
from sqlalchemy import text

from bot.config import PROJECT_ROOT
from bot.core.library import Library
from bot.core.menu import Citizenship
from bot.storage.db import make_engine
from bot.telegram.private.report import drafts
from tests.e2e.conftest import Backend, BotProcess
from tests.e2e.people import Person, SandboxClient
from tests.e2e.test_foundation import say, starts_like
from tests.e2e.test_rights import onboard

LIBRARY = Library(PROJECT_ROOT / "content")
LIBRARY.reload()
REPORT = LIBRARY.report
CODE = re.compile(r"\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b")

PLANTED_PHONE = "+7 (912) 345-67-89"
PLANTED_EMAIL = "zarina.kh@mail.ru"
PLANTED_PASSPORT = "AC1234567"
GPS = b"GPS-55.7558,37.6173"


def a_jpeg_with_location() -> bytes:
    """A tiny JPEG whose EXIF segment carries a location, as phones write it."""

    def segment(marker: int, payload: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload

    jfif = segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    exif = segment(0xE1, b"Exif\x00\x00" + GPS)
    frame = segment(0xC0, b"\x08\x00\x01\x00\x01\x01\x01\x11\x00")  # 1x1, one component
    scan = segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x12\x34\x56"
    return b"\xff\xd8" + jfif + exif + frame + scan + b"\xff\xd9"


@pytest.fixture
async def staff_group(chat: SandboxClient, bot_process: BotProcess) -> dict[str, Any]:
    created = await chat.control("POST", "chats", type="supergroup", title="Staff", is_forum=True)
    bot_process.settings = bot_process.settings.model_copy(
        update={"staff_chat_id": created["chat"]["id"]}
    )
    await bot_process.start()
    return dict(created["chat"])


async def staff_messages(chat: SandboxClient, group: dict[str, Any]) -> list[str]:
    body = await chat.control("GET", f"chats/{group['id']}/messages")
    return [m["text"] for m in body["messages"] if m["from_bot"]]


async def staff_says(chat: SandboxClient, group: dict[str, Any], who: Person, words: str) -> None:
    sent = await chat.control(
        "POST", f"chats/{group['id']}/messages", from_id=who.id, kind="text", text=words
    )
    await chat.wait_handled(sent["update_id"])


async def file_a_report(person: Person, language: str, *, follow_up: bool, photo: bool) -> str:
    """Walk the whole report as a person would; returns the receipt code shown at the end."""
    await person.press(say(language, "🛡 Report abuse"))
    await person.press(say(language, "▶️ Start"))
    await person.press(REPORT.label(language, "categories", "wages"))
    await person.press(say(language, "This week"))
    await person.press(say(language, "🇷🇺 In Russia"))
    await person.send("Екатеринбург")  # people type their city, not the oblast
    region = next(r for r in REPORT.regions if r.names.get("ru") == "Свердловская область")
    assert region.name(language) in person.last.labels or any(
        "Свердлов" in label for label in person.last.labels
    ), person.last.labels
    await person.press(
        next(label for label in person.last.labels if label == region.name(language))
    )
    await person.send("Екатеринбург")  # the city, typed again at the city step
    await person.press(REPORT.label(language, "sectors", "construction"))
    await person.send(
        f"The foreman has not paid us for two months. Call him {PLANTED_PHONE}, "
        f"write {PLANTED_EMAIL}, my passport {PLANTED_PASSPORT} is with him."
    )
    if photo:
        encoded = base64.b64encode(a_jpeg_with_location()).decode()
        await person.send_kind("photo", photo_base64=encoded)
        await person.press(say(language, "✅ Done"))
    else:
        await person.press(say(language, "⏭ Skip"))
    await person.press(
        say(language, "💬 Yes, answer me here" if follow_up else "🕶 No, fully anonymous")
    )
    review = person.last.text
    assert PLANTED_PHONE not in review and "912" not in review and PLANTED_EMAIL not in review
    assert "two months" in review
    await person.press(say(language, "✅ Send the report"))
    found = CODE.search(person.last.text)
    assert found, person.last.text
    return found.group()


async def start_report(person: Person, language: str, category: str) -> None:
    await person.press(say(language, "🛡 Report abuse"))
    await person.press(say(language, "▶️ Start"))
    await person.press(REPORT.label(language, "categories", category))


async def finish_anonymously(person: Person, language: str, sector: str, words: str) -> None:
    """From "where" to the review screen: no place, a sector, the text, no photo, no follow-up."""
    await person.press(say(language, "⏭ Skip"))
    await person.press(REPORT.label(language, "sectors", sector))
    await person.send(words)
    await person.press(say(language, "⏭ Skip"))
    await person.press(say(language, "🕶 No, fully anonymous"))


pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


async def test_a_report_with_follow_up_gets_an_answer_from_staff(
    chat: SandboxClient, bot_process: BotProcess, staff_group: dict[str, Any], backend: Backend
) -> None:
    zarina = await onboard(chat, "en", Citizenship.TAJIKISTAN)
    code = await file_a_report(zarina, "en", follow_up=True, photo=True)

    assert not any(PLANTED_PHONE in m["text"] for m in zarina.own if not m["deleted"]), (
        "the typed description is deleted from the chat once saved"
    )
    staff_view = "\n".join(await staff_messages(chat, staff_group))
    # Staff read Russian (the fallback language); they see what happened, never who or the code.
    assert "/reply" in staff_view and "Zarina" not in staff_view and code not in staff_view
    assert "912" not in staff_view and "[phone]" in staff_view

    number = int(re.search(r"#(\d+)", staff_view).group(1))  # type: ignore[union-attr]
    officer = await chat.person("Officer")
    await staff_says(chat, staff_group, officer, f"/reply {number} We have called the employer.")
    await zarina.refresh()
    assert zarina.saw("The helpline answered your report")
    assert zarina.saw("We have called the employer.")

    await zarina.press("☰ Menu")
    await zarina.press("📨 My reports")
    assert any(label.startswith(f"#{number}") for label in zarina.last.labels), zarina.last
    await zarina.press(
        next(label for label in zarina.last.labels if label.startswith(f"#{number}"))
    )
    assert "We have called the employer." in zarina.last.text

    engine = make_engine(backend.database_url)
    async with engine.connect() as connection:
        stored = (await connection.execute(text("SELECT description FROM report"))).scalar_one()
        photo = (await connection.execute(text("SELECT data FROM report_attachment"))).scalar_one()
        audit = (await connection.execute(text("SELECT action FROM audit_log"))).scalar_one()
    await engine.dispose()
    assert "[phone]" in stored and "912" not in stored and "mail.ru" not in stored
    assert PLANTED_PASSPORT not in stored
    assert GPS not in photo and photo.startswith(b"\xff\xd8")
    assert audit == "reply"


async def test_a_code_opens_the_report_from_another_phone_and_is_deleted_from_the_chat(
    chat: SandboxClient, bot_process: BotProcess, staff_group: dict[str, Any]
) -> None:
    aziz = await onboard(chat, "ru", Citizenship.UZBEKISTAN)
    code = await file_a_report(aziz, "ru", follow_up=False, photo=False)
    await aziz.press(say("ru", "🗑 I have noted it — delete this message"))
    assert not aziz.saw(code), "the message showing the code is gone"

    new_phone = await onboard(chat, "ru", Citizenship.UZBEKISTAN)
    await new_phone.press(say("ru", "📨 My reports"))
    await new_phone.press(say("ru", "🔑 Enter a receipt code"))
    await new_phone.send(code.lower().replace("-", " "))
    assert new_phone.own[-1]["deleted"], "the typed code does not stay in the chat"
    assert REPORT.label("ru", "categories", "wages") in new_phone.last.text
    assert say("ru", "✍️ Write to the helpline") not in new_phone.last.labels


async def test_guessing_codes_is_limited(
    chat: SandboxClient, bot_process: BotProcess, staff_group
) -> None:
    guesser = await onboard(chat, "en", Citizenship.OTHER)
    for _ in range(5):
        await guesser.send("/menu")
        await guesser.press("📨 My reports")
        await guesser.press("🔑 Enter a receipt code")
        await guesser.send("K7QF-M2XD")
        assert guesser.saw("No report has this code.")
    await guesser.send("ABCD-EFGH")  # a code typed outside any flow counts too
    assert "Too many attempts" in guesser.last.text, [m.text for m in guesser.bot_messages[-3:]]


async def test_a_double_tap_on_send_makes_one_report(
    chat: SandboxClient, bot_process: BotProcess, staff_group, backend: Backend
) -> None:
    person = await onboard(chat, "en", Citizenship.KYRGYZSTAN)
    await start_report(person, "en", "hours")
    await person.press("Earlier")
    await finish_anonymously(person, "en", "trade", "We work 14 hours a day.")
    review = person.last
    data = next(
        b["callback_data"]
        for row in review.buttons
        for b in row
        if b["text"] == "✅ Send the report"
    )
    presses = [
        chat.control(
            "POST",
            f"chats/{person.chat_id}/callback",
            from_id=person.id,
            message_id=review.message_id,
            data=data,
        )
        for _ in range(2)
    ]
    results = await asyncio.gather(*presses, return_exceptions=True)
    for result in results:
        if isinstance(result, dict):
            await chat.wait_handled(result["update_id"])
    engine = make_engine(backend.database_url)
    async with engine.connect() as connection:
        count = (await connection.execute(text("SELECT count(*) FROM report"))).scalar_one()
    await engine.dispose()
    assert count == 1


async def test_if_the_database_fails_at_send_the_draft_stays_and_a_second_tap_works(
    chat: SandboxClient, bot_process: BotProcess, staff_group, backend: Backend
) -> None:
    person = await onboard(chat, "ky", Citizenship.KYRGYZSTAN)
    await start_report(person, "ky", "police")
    await person.press(say("ky", "Earlier"))
    await finish_anonymously(person, "ky", "transport", "Полиция акча талап кылды.")

    engine = make_engine(backend.database_url)
    async with engine.begin() as connection:  # the database loses the table for a moment
        await connection.execute(text("ALTER TABLE report RENAME TO report_away"))
    await person.press(say("ky", "✅ Send the report"))
    assert starts_like("ky", "We could not save your report just now.") in person.alerts
    async with engine.begin() as connection:
        await connection.execute(text("ALTER TABLE report_away RENAME TO report"))
    await engine.dispose()

    await person.press(say("ky", "✅ Send the report"))
    assert CODE.search(person.last.text)


async def test_cancel_deletes_the_draft(
    chat: SandboxClient, bot_process: BotProcess, staff_group
) -> None:
    person = await onboard(chat, "tg", Citizenship.TAJIKISTAN)
    await start_report(person, "tg", "threats")
    await person.press(say("tg", "✖️ Cancel"))
    assert say("tg", "🗑 Your draft report has been deleted.") in person.last.text
    helpline = bot_process.running[-1][0]
    context = helpline.dispatcher.fsm.get_context(helpline.bot, person.chat_id, person.id)
    assert await context.get_data() == {} and await context.get_state() is None
    assert await drafts(context).get_data() == {}, "the draft itself is gone"


async def test_forget_wipes_everything_and_clears_the_chat(
    chat: SandboxClient, bot_process: BotProcess, staff_group, backend: Backend
) -> None:
    person = await onboard(chat, "uz", Citizenship.UZBEKISTAN)
    code = await file_a_report(person, "uz", follow_up=True, photo=False)
    await person.send("/forget")
    await person.press(say("uz", "🧹 Yes, delete everything"))
    visible = [m for m in person.bot_messages]
    assert len(visible) == 1 and "/start" in visible[0].text, [m.text for m in visible]
    assert all(m["deleted"] for m in person.own), "the person's own messages are gone too"

    engine = make_engine(backend.database_url)
    async with engine.connect() as connection:
        users = (await connection.execute(text("SELECT count(*) FROM user_settings"))).scalar_one()
        contacts = (
            await connection.execute(text("SELECT count(*) FROM report_contact"))
        ).scalar_one()
        linked = (
            await connection.execute(text("SELECT count(*) FROM report WHERE reporter IS NOT NULL"))
        ).scalar_one()
        fsm = (await connection.execute(text("SELECT count(*) FROM fsm_state"))).scalar_one()
    await engine.dispose()
    assert (users, contacts, linked, fsm) == (0, 0, 0, 0)

    await person.send("/start")  # a fresh start; the report is still readable with the code
    await person.press("Oʻzbekcha")
    await person.press(say("uz", "🇺🇿 Uzbekistan"))
    await person.press(say("uz", "📨 My reports"))
    assert len(person.last.labels) == 2, "no report is linked to this chat any more"
    await person.press(say("uz", "🔑 Enter a receipt code"))
    await person.send(code)
    assert REPORT.label("uz", "categories", "wages") in person.last.text


async def test_contact_sharing_in_the_report_is_refused_and_deleted(
    chat: SandboxClient, bot_process: BotProcess, staff_group
) -> None:
    person = await onboard(chat, "ru", Citizenship.KYRGYZSTAN)
    await person.press(say("ru", "🛡 Report abuse"))
    await person.press(say("ru", "▶️ Start"))
    await person.send_kind("contact")
    assert person.own[-1]["deleted"]
    assert person.saw(starts_like("ru", "⚠️ Please do not send"))


async def test_a_draft_older_than_a_day_is_deleted_not_sent(
    chat: SandboxClient, bot_process: BotProcess, staff_group
) -> None:
    person = await onboard(chat, "en", Citizenship.OTHER)
    await start_report(person, "en", "medical")
    helpline = bot_process.running[-1][0]
    context = drafts(helpline.dispatcher.fsm.get_context(helpline.bot, person.chat_id, person.id))
    draft = (await context.get_data())["draft"]
    draft["started"] = "2026-01-01T00:00:00+00:00"  # the person walked away long ago
    await context.update_data(draft=draft)
    await person.press("This month")
    assert "older than 24 hours" in person.last.text
    assert await context.get_data() == {}


async def test_a_report_survives_a_restart_mid_flow(
    chat: SandboxClient, bot_process: BotProcess, staff_group
) -> None:
    person = await onboard(chat, "ru", Citizenship.TAJIKISTAN)
    await start_report(person, "ru", "documents")
    await person.press(say("ru", "This month"))
    await bot_process.restart()
    await finish_anonymously(person, "ru", "domestic", "Хозяйка забрала паспорт.")
    review = person.last.text
    assert REPORT.label("ru", "categories", "documents") in review, "nothing typed was lost"
    await person.press(say("ru", "✅ Send the report"))
    assert CODE.search(person.last.text)


async def test_leaving_for_the_menu_keeps_the_draft_to_continue_later(
    chat: SandboxClient, bot_process: BotProcess, staff_group
) -> None:
    person = await onboard(chat, "en", Citizenship.UZBEKISTAN)
    await start_report(person, "en", "threats")
    await person.send("/menu")
    await person.press("🧓 Pension check")  # somewhere else entirely
    await person.send("/menu")
    await person.press("🛡 Report abuse")
    assert "You have a report you did not finish." in person.last.text
    await person.press("↩️ Continue my report")
    assert "When did it happen?" in person.last.text
    await person.press("This week")
    await finish_anonymously(person, "en", "other", "They threatened to call the police on us.")
    assert REPORT.label("en", "categories", "threats") in person.last.text
