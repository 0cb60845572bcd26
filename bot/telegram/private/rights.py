"""Know your rights: sections, topics and guides for the reader's citizenship, and 👍/👎."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.core.content import Topic
from bot.core.guides import FooterLabels, pages
from bot.core.library import Library
from bot.core.menu import Entry
from bot.core.profile import UserProfile
from bot.storage.feedback import FeedbackRepository
from bot.telegram import screens
from bot.telegram.callbacks import GuideOpen, GuideVote, MenuChoice, SectionOpen
from bot.telegram.render import show
from bot.telegram.screens import Screen


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def help_row() -> list[InlineKeyboardButton]:
    """On every guide: a person to talk to, and emergency numbers, one tap away."""
    return [
        _button(_("💬 Talk to a person"), MenuChoice(entry=Entry.REPORT).pack()),
        _button(_("🆘 Emergency"), MenuChoice(entry=Entry.EMERGENCY).pack()),
    ]


def sections_screen(library: Library, profile: UserProfile) -> Screen:
    content = library.content
    titles = content.section_titles.get(profile.language or "ru", {})
    rows = [
        [_button(titles.get(s.id, s.id), SectionOpen(section=s.id).pack())]
        for s in content.sections_for(profile.citizenship or "other")
    ]
    rows.append([screens.menu_button()])
    text = _("📘 <b>Know your rights</b>\nChoose a subject. You can also just type your question.")
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows))


def section_screen(library: Library, profile: UserProfile, section: str) -> Screen | None:
    topics = library.content.topics_in(section, profile.citizenship or "other")
    if not topics:
        return None
    language = profile.language or "ru"
    rows = [[_button(_title(library, language, t), GuideOpen(topic=t.id).pack())] for t in topics]
    rows.append([_button(_("⬅️ Back"), SectionOpen(section="").pack()), screens.menu_button()])
    title = library.content.section_titles.get(language, {}).get(section, section)
    return Screen(f"📘 <b>{_escape(title)}</b>", InlineKeyboardMarkup(inline_keyboard=rows))


def _title(library: Library, language: str, topic: Topic) -> str:
    guide = library.guide(language, topic.id)
    return guide.title if guide else topic.id


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def guide_screens(library: Library, profile: UserProfile, topic_id: str) -> list[Screen] | None:
    topic = library.content.topics.get(topic_id)
    citizenship = profile.citizenship or "other"
    guide = library.guide(profile.language or "ru", topic_id)
    if topic is None or guide is None or citizenship not in topic.applies_to:
        return None
    labels = FooterLabels(sources=_("Sources"), checked_on=_("Checked on {date}"))
    texts = pages(guide, topic, citizenship, labels)
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(_("👍 Helpful"), GuideVote(topic=topic_id, helpful=True).pack()),
                _button(_("👎 Not helpful"), GuideVote(topic=topic_id, helpful=False).pack()),
            ],
            [
                _button(_("⬅️ Back"), SectionOpen(section=topic.section).pack()),
                screens.menu_button(),
            ],
            help_row(),
        ]
    )
    return [Screen(text) for text in texts[:-1]] + [Screen(texts[-1], keyboard)]


async def rights_entry(callback: CallbackQuery, library: Library, profile: UserProfile) -> None:
    await show(callback, sections_screen(library, profile))


async def section_opened(
    callback: CallbackQuery, callback_data: SectionOpen, library: Library, profile: UserProfile
) -> None:
    screen = (
        section_screen(library, profile, callback_data.section) if callback_data.section else None
    )
    if screen is None:
        await show(callback, sections_screen(library, profile))
        return
    await show(callback, screen)


async def guide_opened(
    callback: CallbackQuery, callback_data: GuideOpen, library: Library, profile: UserProfile
) -> None:
    shown = guide_screens(library, profile, callback_data.topic)
    if shown is None:  # the topic was removed or does not apply any more
        await show(callback, sections_screen(library, profile), _("This button is out of date."))
        return
    await show(callback, shown[0])
    if isinstance(callback.message, Message):
        for screen in shown[1:]:
            await callback.message.answer(screen.text, reply_markup=screen.markup)


async def guide_voted(
    callback: CallbackQuery,
    callback_data: GuideVote,
    feedback: FeedbackRepository,
    profile: UserProfile,
) -> None:
    await feedback.vote(
        callback_data.topic, profile.language or "ru", helpful=callback_data.helpful
    )
    message = callback.message
    if isinstance(message, Message) and message.reply_markup is not None:
        # Take the vote buttons away: one vote per reading, and the answer is visible.
        rows = message.reply_markup.inline_keyboard[1:]
        await message.edit_reply_markup(reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))
    await callback.answer(_("Thank you! This helps us improve the guides."))


async def topic_suggestions(message: Message, library: Library, profile: UserProfile) -> None:
    """Free text outside any flow: the best three guides, or help when nothing fits."""
    language = profile.language or "ru"
    citizenship = profile.citizenship or "other"
    applicable = {t.id for t in library.content.topics.values() if citizenship in t.applies_to}
    base = "uz" if language == "uz_Cyrl" else language
    found = library.index.search((message.text or "")[:300], [base, "ru"], applicable)
    if not found:
        rows = [help_row(), [screens.menu_button()]]
        text = _(
            "I could not find a guide for that. You can talk to us, "
            "see the emergency numbers, or open the menu."
        )
        await show(message, Screen(text, InlineKeyboardMarkup(inline_keyboard=rows)))
        return
    rows = [
        [_button(_title(library, language, library.content.topics[t]), GuideOpen(topic=t).pack())]
        for t in found
    ]
    rows += [help_row(), [screens.menu_button()]]
    await show(
        message, Screen(_("🔎 These guides may help:"), InlineKeyboardMarkup(inline_keyboard=rows))
    )


def router() -> Router:
    router = Router(name="rights")
    router.callback_query.register(rights_entry, MenuChoice.filter(F.entry == Entry.RIGHTS))
    router.callback_query.register(section_opened, SectionOpen.filter())
    router.callback_query.register(guide_opened, GuideOpen.filter())
    router.callback_query.register(guide_voted, GuideVote.filter())
    return router
