"""The main menu and the entries that are short screens: privacy, help, and what is coming."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.core.menu import MENU_ENTRIES, Entry
from bot.core.profile import UserProfile
from bot.telegram import screens
from bot.telegram.callbacks import MenuChoice
from bot.telegram.render import show
from bot.telegram.states import Onboarding


async def _home(
    event: Message | CallbackQuery, state: FSMContext, profile: UserProfile, suggested: str
) -> None:
    if not profile.is_onboarded:
        # Someone who never finished onboarding gets the language choice, not a half-set-up menu.
        await state.set_state(Onboarding.language)
        await show(event, screens.language_picker(profile.language or suggested, onboarding=True))
        return
    await state.clear()
    await show(event, screens.main_menu())


async def menu_command(
    message: Message, state: FSMContext, profile: UserProfile, suggested_language: str
) -> None:
    await _home(message, state, profile, suggested_language)


async def menu_button(
    callback: CallbackQuery, state: FSMContext, profile: UserProfile, suggested_language: str
) -> None:
    await _home(callback, state, profile, suggested_language)


async def privacy_command(message: Message, settings: Settings) -> None:
    await show(message, screens.privacy(settings.contact_retention_days))


async def help_command(message: Message) -> None:
    await show(message, screens.help_screen())


async def privacy_entry(callback: CallbackQuery, settings: Settings) -> None:
    await show(callback, screens.privacy(settings.contact_retention_days))


async def coming_soon_entry(callback: CallbackQuery, callback_data: MenuChoice) -> None:
    await show(callback, screens.coming_soon(Entry(callback_data.entry)))


def router() -> Router:
    router = Router(name="menu")
    router.message.register(menu_command, Command("menu"))
    router.callback_query.register(menu_button, MenuChoice.filter(F.entry == "home"))
    router.message.register(privacy_command, Command("privacy"))
    router.message.register(help_command, Command("help"))
    router.callback_query.register(privacy_entry, MenuChoice.filter(F.entry == Entry.PRIVACY))
    router.callback_query.register(
        coming_soon_entry,
        MenuChoice.filter(F.entry.in_([e.entry for e in MENU_ENTRIES.values() if not e.built])),
    )
    return router
