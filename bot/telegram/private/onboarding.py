"""Onboarding: /start, a language, then a citizenship; a returning user goes to the menu."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.core.languages import LANGUAGE_CODES
from bot.core.menu import Citizenship
from bot.core.profile import UserProfile
from bot.storage.users import UserRepository
from bot.telegram import screens
from bot.telegram.callbacks import CitizenshipChoice, LanguageChoice, MenuChoice
from bot.telegram.render import show
from bot.telegram.states import Onboarding


async def start(
    message: Message, state: FSMContext, profile: UserProfile, suggested_language: str
) -> None:
    if profile.is_onboarded:
        await state.clear()
        await show(message, screens.main_menu())
        return
    await state.set_state(Onboarding.language)
    await show(message, screens.language_picker(suggested_language, onboarding=True))


async def language_command(message: Message, profile: UserProfile, suggested_language: str) -> None:
    await show(
        message, screens.language_picker(profile.language or suggested_language, onboarding=False)
    )


async def language_entry(
    callback: CallbackQuery, profile: UserProfile, suggested_language: str
) -> None:
    await show(
        callback, screens.language_picker(profile.language or suggested_language, onboarding=False)
    )


async def country_entry(callback: CallbackQuery) -> None:
    await show(callback, screens.citizenship_picker(onboarding=False))


async def language_chosen(
    callback: CallbackQuery,
    callback_data: LanguageChoice,
    state: FSMContext,
    pseudonym: str,
    users: UserRepository,
    i18n: I18n,
) -> None:
    profile = await users.set_language(pseudonym, callback_data.code)
    with i18n.use_locale(callback_data.code):  # answer in the language just chosen
        if await state.get_state() == Onboarding.language.state or profile.citizenship is None:
            await state.set_state(Onboarding.citizenship)
            await show(callback, screens.citizenship_picker(onboarding=True))
        else:
            await show(callback, screens.main_menu(prefix=_("✅ Language saved.")))


async def citizenship_chosen(
    callback: CallbackQuery,
    callback_data: CitizenshipChoice,
    state: FSMContext,
    pseudonym: str,
    users: UserRepository,
) -> None:
    onboarding = await state.get_state() == Onboarding.citizenship.state
    await users.set_citizenship(pseudonym, callback_data.code)
    await state.clear()
    if onboarding:
        done = _("✅ All set. You can change the language or country at any time from the menu.")
    else:
        done = _("✅ Country saved: {country}.").format(
            country=screens.citizenship_label(callback_data.code)
        )
    await show(callback, screens.main_menu(prefix=done))


def router() -> Router:
    router = Router(name="onboarding")
    router.message.register(start, CommandStart())
    router.message.register(language_command, Command("language"))
    router.callback_query.register(language_entry, MenuChoice.filter(F.entry == "language"))
    router.callback_query.register(country_entry, MenuChoice.filter(F.entry == "country"))
    router.callback_query.register(
        language_chosen, LanguageChoice.filter(F.code.in_(LANGUAGE_CODES))
    )
    router.callback_query.register(
        citizenship_chosen, CitizenshipChoice.filter(F.code.in_(list(Citizenship)))
    )
    return router
