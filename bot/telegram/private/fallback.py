"""Everything no feature claimed: a short, kind answer in the user's language and a way back.

Never echo what the user sent (it may be long, look like HTML, or hold private details).
"""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.core.library import Library
from bot.core.profile import UserProfile
from bot.telegram import screens
from bot.telegram.private.rights import topic_suggestions
from bot.telegram.render import show
from bot.telegram.states import Onboarding

log = logging.getLogger(__name__)


async def contact_or_location(message: Message, pseudonym: str) -> None:
    # Remove it from the chat at once: a phone that is checked should not show it was sent here.
    try:
        await message.delete()
    except TelegramBadRequest:
        log.info("fallback.delete_failed pseudonym=%s", pseudonym)
    await show(
        message,
        screens.with_menu(
            _(
                "⚠️ Please do not send your phone number or location. We never need them, "
                "and we did not keep what you sent: it has been deleted from this chat."
            )
        ),
    )


async def language_expected(message: Message, suggested_language: str) -> None:
    await message.answer(_("Please choose a language with the buttons below."))
    await show(message, screens.language_picker(suggested_language, onboarding=True))


async def citizenship_expected(message: Message) -> None:
    await message.answer(_("Please choose your country with the buttons below."))
    await show(message, screens.citizenship_picker(onboarding=True))


async def unknown_command(message: Message) -> None:
    await show(
        message,
        screens.with_menu(_("I don't know this command. Here is the menu:") + "\n/menu /help"),
    )


async def free_text(
    message: Message,
    profile: UserProfile,
    state: FSMContext,
    suggested_language: str,
    library: Library,
) -> None:
    if not profile.is_onboarded:
        await state.set_state(Onboarding.language)
        await show(message, screens.language_picker(suggested_language, onboarding=True))
        return
    await topic_suggestions(message, library, profile)


async def unsupported_content(message: Message) -> None:
    await show(
        message,
        screens.with_menu(
            _(
                "I can only read text and button taps — "
                "not stickers, voice messages, photos or files here."
            )
        ),
    )


async def stale_button(
    callback: CallbackQuery, profile: UserProfile, state: FSMContext, suggested_language: str
) -> None:
    notice = _("This button is out of date. Here is the menu.")
    if not profile.is_onboarded:
        await state.set_state(Onboarding.language)
        await show(callback, screens.language_picker(suggested_language, onboarding=True), notice)
        return
    await state.clear()
    await show(callback, screens.main_menu(), notice)


def router() -> Router:
    router = Router(name="fallback")
    router.message.register(contact_or_location, F.contact | F.location | F.venue)
    router.message.register(language_expected, Onboarding.language)
    router.message.register(citizenship_expected, Onboarding.citizenship)
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(free_text, F.text)
    router.message.register(unsupported_content)
    router.callback_query.register(stale_button)
    return router
