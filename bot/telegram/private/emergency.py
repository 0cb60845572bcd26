"""Emergency & hotlines: 112 and trusted contacts for the reader's citizenship, with sources."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.core import hotlines
from bot.core.guides import split
from bot.core.library import Library
from bot.core.menu import Entry
from bot.core.profile import UserProfile
from bot.telegram import screens
from bot.telegram.callbacks import MenuChoice
from bot.telegram.render import show
from bot.telegram.screens import Screen


def emergency_screens(library: Library, profile: UserProfile) -> list[Screen]:
    language = profile.language or "ru"
    labels = library.content.hotline_labels.get(language) or library.content.hotline_labels.get(
        "ru", {}
    )
    caution = _("Not yet confirmed by us: check it before you rely on it.")
    parts = [_("🆘 <b>Emergency numbers and hotlines</b>"), screens.emergency_now()]
    for hotline in hotlines.ordered(library.content.hotlines_for(profile.citizenship or "other")):
        if hotline.id in labels:
            parts.append(hotlines.entry(hotline, labels[hotline.id], caution, _("Source")))
    texts = split(parts)
    return [Screen(text) for text in texts[:-1]] + [screens.with_menu(texts[-1])]


async def emergency(event: Message | CallbackQuery, library: Library, profile: UserProfile) -> None:
    shown = emergency_screens(library, profile)
    await show(event, shown[0])
    message = event.message if isinstance(event, CallbackQuery) else event
    if isinstance(message, Message):
        for screen in shown[1:]:
            await message.answer(screen.text, reply_markup=screen.markup)


def router() -> Router:
    router = Router(name="emergency")
    router.callback_query.register(emergency, MenuChoice.filter(F.entry == Entry.EMERGENCY))
    router.message.register(emergency, Command("emergency", "sos"))
    return router
