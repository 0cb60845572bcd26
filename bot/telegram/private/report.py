"""Report abuse: a guided, anonymous report, buttons first, with a receipt code at the end.

The draft lives only in the pseudonymised conversation state and expires after 24 hours; free
text is scrubbed before it is kept and the person's own message is then deleted from the chat;
photos lose their metadata; the way to write back is kept only with consent, encrypted.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from dataclasses import replace

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from bot.core import media
from bot.core.languages import DEFAULT_LANGUAGE
from bot.core.library import Library
from bot.core.menu import Entry
from bot.core.privacy import FieldCipher
from bot.core.profile import UserProfile
from bot.core.reports import (
    CITY_LIMIT,
    DESCRIPTION_LIMIT,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    WHEN,
    Draft,
    NewReport,
    ReceiptHasher,
    new_receipt_code,
)
from bot.core.scrub import scrub
from bot.storage.reports import ReportRepository
from bot.telegram import screens
from bot.telegram.callbacks import MenuChoice, ReportNav, ReportPick
from bot.telegram.render import show
from bot.telegram.screens import Screen
from bot.telegram.states import Reporting

log = logging.getLogger(__name__)

STEPS = (
    "category",
    "when",
    "country",
    "region",
    "city",
    "sector",
    "description",
    "attachments",
    "follow_up",
    "review",
)
STATES = {step: getattr(Reporting, step) for step in STEPS}


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def _nav(*, skip: bool = False, done: bool = False) -> list[list[InlineKeyboardButton]]:
    rows = []
    if done:
        rows.append([_button(_("✅ Done"), ReportNav(action="done").pack())])
    if skip:
        rows.append([_button(_("⏭ Skip"), ReportNav(action="skip").pack())])
    rows.append(
        [
            _button(_("⬅️ Back"), ReportNav(action="back").pack()),
            _button(_("✖️ Cancel"), ReportNav(action="cancel").pack()),
        ]
    )
    return rows


def _when_labels() -> dict[str, str]:
    return {
        "this_week": _("This week"),
        "this_month": _("This month"),
        "earlier": _("Earlier"),
    }


def _header(step: str) -> str:
    number = STEPS.index(step) + 1
    counter = _("Step {number} of {total}").format(number=number, total=len(STEPS))
    title = html.escape(_("Report abuse"))
    return f"🛡 <b>{title}</b> · {counter}\n\n"


def intro_screen(*, resumable: bool = False) -> Screen:
    text = _(
        "🛡 <b>Report abuse — anonymously</b>\n"
        "Tell us what happened at work or with the police. We never ask for your name, "
        "phone number or documents, and we do not keep them.\n\n"
        "At the end you get a receipt code to follow up your report. It takes 2–3 minutes."
    )
    rows = [[_button(_("▶️ Start"), ReportNav(action="start").pack())], [screens.menu_button()]]
    if resumable:
        text += "\n\n" + _("You have a report you did not finish.")
        rows = [
            [_button(_("↩️ Continue my report"), ReportNav(action="resume").pack())],
            [_button(_("🆕 Start a new one"), ReportNav(action="start").pack())],
            [screens.menu_button()],
        ]
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows))


def step_screen(step: str, draft: Draft, library: Library, language: str, days: int) -> Screen:
    """The screen of one step; `days` is how long a consented contact is kept."""
    report = library.report
    rows: list[list[InlineKeyboardButton]]
    if step == "category":
        rows = [
            [
                _button(
                    report.label(language, "categories", c), ReportPick(step=step, value=c).pack()
                )
            ]
            for c in report.categories
        ]
        text = _("What happened? Choose what fits best.")
        explained = report.label(language, "category_help", "discrimination")
        if explained != "discrimination":
            text += f"\n\n<i>{html.escape(explained)}</i>"
        return Screen(_header(step) + text, InlineKeyboardMarkup(inline_keyboard=rows + _nav()))
    if step == "when":
        rows = [
            [_button(label, ReportPick(step=step, value=key).pack())]
            for key, label in _when_labels().items()
        ]
        return Screen(
            _header(step) + _("When did it happen?"),
            InlineKeyboardMarkup(inline_keyboard=rows + _nav()),
        )
    if step == "country":
        rows = [
            [_button(_("🇷🇺 In Russia"), ReportPick(step=step, value="ru").pack())],
            [_button(_("🇰🇬 In Kyrgyzstan"), ReportPick(step=step, value="kg").pack())],
        ]
        text = _("Where did it happen? We never ask for your location.")
        return Screen(
            _header(step) + text, InlineKeyboardMarkup(inline_keyboard=rows + _nav(skip=True))
        )
    if step == "region":
        country = draft.country or "ru"
        rows = [
            [_button(r.name(language), ReportPick(step=step, value=r.id).pack())]
            for r in [r for r in report.regions if r.country == country][:6]
        ]
        text = _("Which region? Type the first letters of its name, or choose below.")
        return Screen(
            _header(step) + text, InlineKeyboardMarkup(inline_keyboard=rows + _nav(skip=True))
        )
    if step == "city":
        text = _("Which city or town? Type its name, or tap Skip.")
        return Screen(_header(step) + text, InlineKeyboardMarkup(inline_keyboard=_nav(skip=True)))
    if step == "sector":
        rows = [
            [_button(report.label(language, "sectors", s), ReportPick(step=step, value=s).pack())]
            for s in report.sectors
        ]
        return Screen(
            _header(step) + _("Where do you work?"),
            InlineKeyboardMarkup(inline_keyboard=rows + _nav()),
        )
    if step == "description":
        text = _(
            "Describe what happened, in your own words, in one message (up to {limit} "
            "characters).\n\n⚠️ Do not write names of people, phone numbers or document "
            "numbers. We remove numbers automatically, and we delete your message from this "
            "chat once it is saved."
        ).format(limit=DESCRIPTION_LIMIT)
        return Screen(_header(step) + text, InlineKeyboardMarkup(inline_keyboard=_nav()))
    if step == "attachments":
        text = _(
            "You can add up to {count} photos, for example of a contract or a pay slip. "
            "⚠️ A photo can show faces or places: send only what is safe. We remove the "
            "hidden data (like location) from photos."
        ).format(count=MAX_ATTACHMENTS)
        if draft.attachments:
            text += "\n\n" + _("Photos added: {count} of {limit}.").format(
                count=len(draft.attachments), limit=MAX_ATTACHMENTS
            )
        nav = _nav(done=bool(draft.attachments), skip=not draft.attachments)
        return Screen(_header(step) + text, InlineKeyboardMarkup(inline_keyboard=nav))
    if step == "follow_up":
        text = _(
            "Do you want an answer from us?\n\n"
            "💬 <b>Yes</b>: we can write to you here, in this chat. We keep an encrypted way to "
            "reach you, and delete it after {days} days or when you send /forget.\n"
            "🕶 <b>No</b>: fully anonymous. You can still check your report with its receipt code."
        ).format(days=days)
        rows = [
            [_button(_("💬 Yes, answer me here"), ReportPick(step=step, value="yes").pack())],
            [_button(_("🕶 No, fully anonymous"), ReportPick(step=step, value="no").pack())],
        ]
        return Screen(
            _header(step) + text,
            InlineKeyboardMarkup(inline_keyboard=rows + _nav()),
        )
    return review_screen(draft, library, language)


def summary(draft: Draft, library: Library, language: str) -> str:
    report = library.report
    region = next((r for r in report.regions if r.id == draft.region), None)
    where = (
        ", ".join(
            part
            for part in (
                {"ru": _("Russia"), "kg": _("Kyrgyzstan")}.get(draft.country or "", ""),
                region.name(language) if region else "",
                draft.city or "",
            )
            if part
        )
        or "—"
    )
    rows = (
        (_("What"), report.label(language, "categories", draft.category or "")),
        (_("When"), _when_labels().get(draft.when or "", "—")),
        (_("Where"), where),
        (_("Work"), report.label(language, "sectors", draft.sector or "")),
        (_("Photos"), str(len(draft.attachments))),
    )
    lines = [f"<b>{html.escape(name)}:</b> {html.escape(value)}" for name, value in rows]
    description = html.escape(draft.description or "—")
    lines.append("<b>" + html.escape(_("Description")) + f":</b>\n{description}")
    return "\n".join(lines)


def review_screen(draft: Draft, library: Library, language: str) -> Screen:
    answer = _("Yes, answer me here") if draft.follow_up else _("No, fully anonymous")
    text = (
        _header("review")
        + _("Please check your report.")
        + "\n\n"
        + summary(draft, library, language)
        + "\n<b>"
        + html.escape(_("Answer"))
        + f":</b> {html.escape(answer)}"
    )
    rows = [[_button(_("✅ Send the report"), ReportNav(action="submit").pack())], *_nav()]
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows))


# The draft is kept apart from the conversation state (its own storage key, "destiny"), so that
# leaving for the menu or another feature never loses it: "Report abuse" then offers to continue.
DRAFT_DESTINY = "report-draft"


def drafts(state: FSMContext) -> FSMContext:
    return FSMContext(storage=state.storage, key=replace(state.key, destiny=DRAFT_DESTINY))


async def _draft(state: FSMContext) -> Draft | None:
    return Draft.from_data((await drafts(state).get_data()).get("draft"))


async def _saved_step(state: FSMContext) -> str | None:
    step = (await drafts(state).get_data()).get("step")
    return step if step in STEPS else None


async def _drop_draft(state: FSMContext) -> None:
    await drafts(state).clear()
    await state.clear()


async def _go(
    event: Message | CallbackQuery,
    state: FSMContext,
    draft: Draft,
    step: str,
    library: Library,
    language: str,
    settings: Settings,
    notice: str | None = None,
) -> None:
    await state.set_state(STATES[step])
    await drafts(state).set_data({"draft": draft.to_data(), "step": step})
    screen = step_screen(step, draft, library, language, settings.contact_retention_days)
    if isinstance(event, CallbackQuery):
        await show(event, screen, notice)
    else:
        if notice:
            await event.answer(notice)
        await show(event, screen)


def _previous(step: str, draft: Draft) -> str | None:
    index = STEPS.index(step)
    if index == 0:
        return None
    previous = STEPS[index - 1]
    if previous == "city" and not draft.country:
        return "country"
    if previous == "region" and not draft.country:
        return "country"
    return previous


def _next(step: str, draft: Draft) -> str:
    following = STEPS[STEPS.index(step) + 1]
    if following == "region" and not draft.country:
        return "sector"
    return following


async def _current_step(state: FSMContext) -> str | None:
    current = await state.get_state()
    return next((s for s, st in STATES.items() if st.state == current), None)


async def _expired(event: Message | CallbackQuery, state: FSMContext) -> None:
    await _drop_draft(state)
    text = _("Your draft was older than 24 hours and has been deleted. You can start again.")
    if isinstance(event, CallbackQuery):
        await show(event, screens.main_menu(prefix=text))
    else:
        await show(event, screens.main_menu(prefix=text))


# --- handlers ---------------------------------------------------------------------------------


async def report_entry(callback: CallbackQuery, state: FSMContext) -> None:
    draft = await _draft(state)
    if draft is not None and draft.expired():
        await _drop_draft(state)
        draft = None
    await show(callback, intro_screen(resumable=draft is not None))


async def navigate(
    callback: CallbackQuery,
    callback_data: ReportNav,
    state: FSMContext,
    library: Library,
    profile: UserProfile,
    settings: Settings,
) -> None:
    language = profile.language or DEFAULT_LANGUAGE
    action = callback_data.action
    if action == "hide_code":
        if isinstance(callback.message, Message):
            try:
                await callback.message.delete()
            except TelegramBadRequest:
                log.info("report.code_message_gone")
        await callback.answer(_("Deleted. Keep your code safe."))
        return
    if action == "start":
        await _go(callback, state, Draft(), "category", library, language, settings)
        return
    draft = await _draft(state)
    step = await _current_step(state)
    if action == "resume" and draft is not None:
        step = await _saved_step(state) or "category"
    if draft is None or step is None:
        await show(callback, intro_screen(), _("This button is out of date."))
        return
    if draft.expired():
        await _expired(callback, state)
        return
    if action == "resume":
        await _go(callback, state, draft, step, library, language, settings)
        return
    if action == "cancel":
        await _drop_draft(state)
        await show(callback, screens.main_menu(prefix=_("🗑 Your draft report has been deleted.")))
        return
    if action == "back":
        previous = _previous(step, draft)
        if previous is None:
            await _drop_draft(state)
            await show(callback, intro_screen())
            return
        await _go(callback, state, draft, previous, library, language, settings)
        return
    if action in ("skip", "done") and step in ("country", "region", "city", "attachments"):
        if step == "country":
            draft.country = None
            draft.region = None
        await _go(callback, state, draft, _next(step, draft), library, language, settings)
        return
    await show(
        callback,
        step_screen(step, draft, library, language, settings.contact_retention_days),
        _("This button is out of date."),
    )


async def pick(
    callback: CallbackQuery,
    callback_data: ReportPick,
    state: FSMContext,
    library: Library,
    profile: UserProfile,
    settings: Settings,
) -> None:
    language = profile.language or DEFAULT_LANGUAGE
    draft = await _draft(state)
    step = await _current_step(state)
    if draft is None or step is None or step != callback_data.step:
        # A button from an earlier screen: show where the report really is.
        if draft is not None and step is not None:
            await show(
                callback,
                step_screen(step, draft, library, language, settings.contact_retention_days),
                _("This button is out of date."),
            )
        else:
            await show(callback, intro_screen(), _("This button is out of date."))
        return
    if draft.expired():
        await _expired(callback, state)
        return
    value = callback_data.value
    report = library.report
    valid = {
        "category": report.categories,
        "when": WHEN,
        "country": ("ru", "kg"),
        "region": tuple(r.id for r in report.regions),
        "sector": report.sectors,
        "follow_up": ("yes", "no"),
    }.get(step, ())
    if value not in valid:
        await show(
            callback,
            step_screen(step, draft, library, language, settings.contact_retention_days),
            _("This button is out of date."),
        )
        return
    if step == "follow_up":
        draft.follow_up = value == "yes"
    elif step == "country":
        if draft.country != value:
            draft.region = None
        draft.country = value
    else:
        setattr(draft, step, value)
    await _go(callback, state, draft, _next(step, draft), library, language, settings)


async def _delete_quietly(message: Message) -> None:
    try:
        await message.delete()
    except TelegramBadRequest:
        log.info("report.user_message_not_deleted")


async def typed(
    message: Message, state: FSMContext, library: Library, profile: UserProfile, settings: Settings
) -> None:
    language = profile.language or DEFAULT_LANGUAGE
    draft = await _draft(state)
    step = await _current_step(state)
    if draft is None or step is None:
        await state.clear()
        await show(message, intro_screen())
        return
    if draft.expired():
        await _expired(message, state)
        return
    text = (message.text or "").strip()
    if step == "region":
        found = library.report.find_regions(text, draft.country or "ru")
        rows = [
            [_button(r.name(language), ReportPick(step="region", value=r.id).pack())] for r in found
        ]
        reply = (
            _("Choose your region:")
            if found
            else _("Nothing found. Try the first letters again, or tap Skip.")
        )
        await show(
            message,
            Screen(
                _header(step) + reply, InlineKeyboardMarkup(inline_keyboard=rows + _nav(skip=True))
            ),
        )
        return
    if step == "city":
        if len(text) > CITY_LIMIT:
            await message.answer(_("That is too long for a city name. Please type just the name."))
            return
        draft.city = scrub(text).text
        await _delete_quietly(message)
        await _go(message, state, draft, _next(step, draft), library, language, settings)
        return
    if step == "description":
        if len(text) > DESCRIPTION_LIMIT:
            await message.answer(
                _(
                    "This is {length} characters; the limit is {limit}. Please send a shorter "
                    "version: your message stays in the chat, so you can copy from it."
                ).format(length=len(text), limit=DESCRIPTION_LIMIT)
            )
            return
        cleaned = scrub(text)
        draft.description = cleaned.text
        await _delete_quietly(message)
        notice = (
            _("Saved. We removed {count} number(s) from your text.").format(
                count=sum(cleaned.removed.values())
            )
            if cleaned.removed
            else _("Saved.")
        )
        await _go(message, state, draft, _next(step, draft), library, language, settings, notice)
        return
    # Text where a button is expected: repeat the question, kindly.
    await message.answer(_("Please use the buttons below."))
    await show(
        message, step_screen(step, draft, library, language, settings.contact_retention_days)
    )


async def photo(
    message: Message, state: FSMContext, library: Library, profile: UserProfile, settings: Settings
) -> None:
    language = profile.language or DEFAULT_LANGUAGE
    draft = await _draft(state)
    if draft is None:
        return
    if draft.expired():
        await _expired(message, state)
        return
    file_id, size = None, 0
    if message.photo:
        largest = message.photo[-1]
        file_id, size = largest.file_id, largest.file_size or 0
    elif message.document and (message.document.mime_type or "").startswith("image/"):
        file_id, size = message.document.file_id, message.document.file_size or 0
    if file_id is None:
        await message.answer(_("Only photos can be added here (JPEG or PNG)."))
        return
    if size > MAX_ATTACHMENT_BYTES:
        await message.answer(_("This photo is too big (more than 5 MB)."))
        return
    if len(draft.attachments) >= MAX_ATTACHMENTS:
        await message.answer(
            _("You have already added {count} photos: that is the limit.").format(
                count=MAX_ATTACHMENTS
            )
        )
        return
    draft.attachments.append(file_id)
    await _delete_quietly(message)
    await _go(message, state, draft, "attachments", library, language, settings)


async def not_supported_here(
    message: Message, state: FSMContext, library: Library, profile: UserProfile, settings: Settings
) -> None:
    draft = await _draft(state)
    step = await _current_step(state)
    await message.answer(_("This cannot be used here. Please type text or use the buttons."))
    if draft is not None and step is not None:
        await show(
            message,
            step_screen(
                step,
                draft,
                library,
                profile.language or DEFAULT_LANGUAGE,
                settings.contact_retention_days,
            ),
        )


async def _download_clean(bot: Bot, file_ids: list[str]) -> list[tuple[str, bytes]]:
    cleaned = []
    for file_id in file_ids:
        buffer = await bot.download(file_id)
        if buffer is None:
            continue
        data = buffer.read()
        kind = media.kind_of(data)
        stripped = media.strip_metadata(data)
        if kind is not None and stripped is not None:
            cleaned.append((kind, stripped))
        else:
            log.info("report.attachment_refused kind=%s", kind)
    return cleaned


async def submit(
    callback: CallbackQuery,
    state: FSMContext,
    bot: Bot,
    library: Library,
    profile: UserProfile,
    pseudonym: str,
    reports: ReportRepository,
    receipts: ReceiptHasher,
    cipher: FieldCipher,
    settings: Settings,
    i18n: I18n,
) -> None:
    draft = await _draft(state)
    if draft is None or await _current_step(state) != "review":
        # A second tap after the report went: nothing to send twice.
        await show(callback, screens.main_menu(), _("This report has already been sent."))
        return
    if draft.expired():
        await _expired(callback, state)
        return
    language = profile.language or DEFAULT_LANGUAGE
    code = new_receipt_code()
    chat_id = callback.message.chat.id if callback.message else None
    try:
        attachments = await _download_clean(bot, draft.attachments)
        new = NewReport(
            submit_key=draft.id,
            receipt_hash=receipts.hash(code),
            category=draft.category or "other",
            when=draft.when or "earlier",
            region=draft.region,
            city=draft.city,
            sector=draft.sector or "other",
            description=draft.description or "",
            language=language,
            reporter=pseudonym if draft.follow_up else None,
            attachments=tuple(attachments),
        )
        contact = cipher.encrypt(str(chat_id)) if draft.follow_up and chat_id else None
        until = dt.datetime.now(dt.UTC) + dt.timedelta(days=settings.contact_retention_days)
        report_id, created = await reports.submit(new, contact, until if contact else None)
    except (SQLAlchemyError, OSError, TelegramAPIError) as error:
        log.error("report.submit_failed error=%s pseudonym=%s", type(error).__name__, pseudonym)
        await callback.answer(
            _("We could not save your report just now. Nothing is lost: please tap Send again."),
            show_alert=True,
        )
        return
    await _drop_draft(state)
    if not created:
        await show(callback, screens.main_menu(), _("This report has already been sent."))
        return
    log.info("report.submitted pseudonym=%s follow_up=%s", pseudonym, bool(draft.follow_up))
    text = _(
        "✅ <b>Your report has been sent.</b> Thank you for your courage.\n\n"
        "Your receipt code:\n<code>{code}</code>\n\n"
        "Write it down somewhere safe (not in this phone if it may be checked). With the code "
        "you can see the answer in “My reports”, even from another phone. We will never show "
        "it again, and nobody at the helpline can see it."
    ).format(code=code)
    rows = [
        [
            _button(
                _("🗑 I have noted it — delete this message"), ReportNav(action="hide_code").pack()
            )
        ],
        [screens.menu_button()],
    ]
    await show(callback, Screen(text, InlineKeyboardMarkup(inline_keyboard=rows)))
    await notify_staff(bot, settings, i18n, library, draft, report_id)


async def notify_staff(
    bot: Bot, settings: Settings, i18n: I18n, library: Library, draft: Draft, report_id: int
) -> None:
    """A new report in the staff group: what happened, never who or the receipt code."""
    if settings.staff_chat_id is None:
        return
    with i18n.use_locale(DEFAULT_LANGUAGE):
        text = (
            _("🆕 <b>Report #{number}</b>").format(number=report_id)
            + "\n"
            + summary(draft, library, DEFAULT_LANGUAGE)
        )
        text += "\n\n" + _("Reply with /reply {number} and your text.").format(number=report_id)
    await tell_staff(bot, settings, text, report_id)  # within limits: the description is capped


async def tell_staff(bot: Bot, settings: Settings, text: str, report_id: int) -> None:
    """Post to the staff group; a failure is logged (type only) and never reaches the reporter."""
    if settings.staff_chat_id is None:
        return
    try:
        await bot.send_message(settings.staff_chat_id, text)
    except TelegramAPIError as error:
        log.error("staff.notify_failed error=%s report=%s", type(error).__name__, report_id)


def router() -> Router:
    router = Router(name="report")
    router.callback_query.register(report_entry, MenuChoice.filter(F.entry == Entry.REPORT))
    router.callback_query.register(submit, ReportNav.filter(F.action == "submit"))
    router.callback_query.register(navigate, ReportNav.filter())
    router.callback_query.register(pick, ReportPick.filter())
    router.message.register(photo, Reporting.attachments, F.photo | F.document)
    router.message.register(typed, Reporting(), F.text & ~F.text.startswith("/"))
    router.message.register(
        not_supported_here, Reporting(), ~F.contact & ~F.location & ~F.text.startswith("/")
    )
    return router
