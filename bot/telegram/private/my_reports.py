"""My reports: the reporter's own reports (with follow-up), a receipt code from any phone, and
the anonymous reply channel. A typed code is deleted from the chat at once and guesses are limited.
"""

from __future__ import annotations

import html
import logging
import time

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.config import Settings
from bot.core.languages import DEFAULT_LANGUAGE
from bot.core.library import Library
from bot.core.menu import Entry
from bot.core.profile import UserProfile
from bot.core.reports import (
    REPLY_LIMIT,
    ReceiptHasher,
    ReportView,
    looks_like_code,
    normalise_code,
)
from bot.core.scrub import scrub
from bot.storage.reports import ReportRepository
from bot.telegram import screens
from bot.telegram.callbacks import MenuChoice, ReportNav, ReportOpen, ReportReply
from bot.telegram.private.report import tell_staff
from bot.telegram.render import show
from bot.telegram.screens import Screen
from bot.telegram.states import MyReports

log = logging.getLogger(__name__)


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def status_label(status: str) -> str:
    return {
        "new": _("🟡 received"),
        "in_progress": _("🔵 being handled"),
        "answered": _("🟢 answered"),
        "closed": _("⚪ closed"),
    }.get(status, status)


def _code_button() -> list[InlineKeyboardButton]:
    return [_button(_("🔑 Enter a receipt code"), ReportNav(action="enter_code").pack())]


def list_screen(library: Library, language: str, reports: list[ReportView]) -> Screen:
    rows = [
        [
            _button(
                f"#{r.id} · {library.report.label(language, 'categories', r.category)} · "
                f"{status_label(r.status)}",
                ReportOpen(report=r.id).pack(),
            )
        ]
        for r in reports
    ]
    rows += [_code_button(), [screens.menu_button()]]
    if reports:
        text = _("📨 <b>My reports</b>\nReports you sent with “answer me here”:")
    else:
        text = _(
            "📨 <b>My reports</b>\nNo reports are linked to this chat. If you have a receipt "
            "code, enter it to see your report and any answer."
        )
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows))


def report_screen(
    library: Library, language: str, report: ReportView, *, can_reply: bool
) -> Screen:
    category = library.report.label(language, "categories", report.category)
    lines = [
        f"📨 <b>#{report.id}</b> · {html.escape(category)}",
        html.escape(_("Status") + ": " + status_label(report.status)),
        html.escape(_("Sent on") + ": " + report.created_at.strftime("%d.%m.%Y")),
    ]
    replies = [(a, t, at) for a, t, at in report.messages]
    if replies:
        lines.append("")
        for author, text, at in replies:
            who = _("💬 Helpline") if author == "staff" else _("🙋 You")
            lines.append(
                f"<b>{html.escape(who)}</b> ({at.strftime('%d.%m.%Y')}):\n{html.escape(text)}"
            )
    else:
        lines.append("\n" + _("No answer yet. We will write here when there is one."))
    rows = []
    if can_reply:
        rows.append([_button(_("✍️ Write to the helpline"), ReportReply(report=report.id).pack())])
    rows += [
        [_button(_("⬅️ Back"), MenuChoice(entry=Entry.MY_REPORTS).pack()), screens.menu_button()]
    ]
    return Screen("\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))


async def my_reports_entry(
    callback: CallbackQuery,
    state: FSMContext,
    library: Library,
    profile: UserProfile,
    pseudonym: str,
    reports: ReportRepository,
) -> None:
    await state.clear()
    mine = await reports.of_reporter(pseudonym)
    await show(callback, list_screen(library, profile.language or DEFAULT_LANGUAGE, mine))


async def open_report(
    callback: CallbackQuery,
    callback_data: ReportOpen,
    library: Library,
    profile: UserProfile,
    pseudonym: str,
    reports: ReportRepository,
) -> None:
    mine = {r.id: r for r in await reports.of_reporter(pseudonym)}
    report = mine.get(callback_data.report)
    language = profile.language or DEFAULT_LANGUAGE
    if report is None:  # not theirs (any more, e.g. after /forget): never show someone else's
        await show(
            callback,
            list_screen(library, language, list(mine.values())),
            _("This button is out of date."),
        )
        return
    await show(callback, report_screen(library, language, report, can_reply=True))


async def ask_code(callback: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(MyReports.code)
    text = _(
        "🔑 Type your receipt code (8 letters and digits, like K7QF-M2XD). "
        "We delete your message with the code from this chat at once."
    )
    rows = [[_button(_("✖️ Cancel"), MenuChoice(entry=Entry.MY_REPORTS).pack())]]
    await show(callback, Screen(text, InlineKeyboardMarkup(inline_keyboard=rows)))


async def code_typed(
    message: Message,
    state: FSMContext,
    library: Library,
    profile: UserProfile,
    pseudonym: str,
    reports: ReportRepository,
    receipts: ReceiptHasher,
    settings: Settings,
) -> None:
    # The code is a bearer secret: it must not stay in the chat, whatever happens next.
    try:
        await message.delete()
    except TelegramBadRequest:
        log.info("code.message_not_deleted pseudonym=%s", pseudonym)
    language = profile.language or DEFAULT_LANGUAGE
    now = int(time.time())
    mine = await reports.count_attempt(f"code:{pseudonym}", now // 3600)
    everyone = await reports.count_attempt("code:*", now // 60)
    if mine > settings.code_attempts_per_hour or everyone > settings.code_attempts_per_minute_total:
        log.warning("code.too_many_attempts pseudonym=%s", pseudonym)
        await state.clear()
        await show(message, screens.with_menu(_("Too many attempts. Please try again in an hour.")))
        return
    code = normalise_code(message.text or "")
    report = await reports.by_receipt(receipts.hash(code)) if code else None
    if report is None:
        rows = [_code_button(), [screens.menu_button()]]
        text = _("No report has this code. Check the letters and digits and try again.")
        await state.clear()
        await show(message, Screen(text, InlineKeyboardMarkup(inline_keyboard=rows)))
        return
    await state.clear()
    owned = any(r.id == report.id for r in await reports.of_reporter(pseudonym))
    await show(message, report_screen(library, language, report, can_reply=owned))


async def ask_reply(
    callback: CallbackQuery,
    callback_data: ReportReply,
    state: FSMContext,
    pseudonym: str,
    reports: ReportRepository,
) -> None:
    if not any(r.id == callback_data.report for r in await reports.of_reporter(pseudonym)):
        await show(callback, screens.main_menu(), _("This button is out of date."))
        return
    await state.set_state(MyReports.reply)
    await state.update_data(reply_to=callback_data.report)
    text = _(
        "✍️ Type your message to the helpline (up to {limit} characters). Do not write names "
        "or phone numbers; we remove numbers automatically."
    ).format(limit=REPLY_LIMIT)
    rows = [[_button(_("✖️ Cancel"), ReportOpen(report=callback_data.report).pack())]]
    await show(callback, Screen(text, InlineKeyboardMarkup(inline_keyboard=rows)))


async def reply_typed(
    message: Message,
    state: FSMContext,
    bot: Bot,
    library: Library,
    profile: UserProfile,
    pseudonym: str,
    reports: ReportRepository,
    settings: Settings,
    i18n: I18n,
) -> None:
    report_id = (await state.get_data()).get("reply_to")
    text = (message.text or "").strip()
    if not isinstance(report_id, int) or not any(
        r.id == report_id for r in await reports.of_reporter(pseudonym)
    ):
        await state.clear()
        await show(message, screens.main_menu())
        return
    if len(text) > REPLY_LIMIT:
        await message.answer(
            _("Please make it shorter: at most {limit} characters.").format(limit=REPLY_LIMIT)
        )
        return
    cleaned = scrub(text).text
    await reports.add_message(report_id, "reporter", cleaned)
    await state.clear()
    try:
        await message.delete()
    except TelegramBadRequest:
        log.info("reply.message_not_deleted pseudonym=%s", pseudonym)
    report = next(r for r in await reports.of_reporter(pseudonym) if r.id == report_id)
    language = profile.language or DEFAULT_LANGUAGE
    await show(message, report_screen(library, language, report, can_reply=True))
    with i18n.use_locale(DEFAULT_LANGUAGE):
        note = _("💬 The reporter of #{number} wrote:").format(number=report_id)
    await tell_staff(bot, settings, f"{note}\n{html.escape(cleaned)}", report_id)


def router() -> Router:
    router = Router(name="my-reports")
    router.callback_query.register(my_reports_entry, MenuChoice.filter(F.entry == Entry.MY_REPORTS))
    router.callback_query.register(open_report, ReportOpen.filter())
    router.callback_query.register(ask_code, ReportNav.filter(F.action == "enter_code"))
    router.callback_query.register(ask_reply, ReportReply.filter())
    router.message.register(code_typed, MyReports.code, F.text & ~F.text.startswith("/"))
    # A code pasted anywhere outside a flow is treated as one (and so deleted from the chat).
    router.message.register(code_typed, StateFilter(None), F.text.func(looks_like_code))
    router.message.register(reply_typed, MyReports.reply, F.text & ~F.text.startswith("/"))
    return router
