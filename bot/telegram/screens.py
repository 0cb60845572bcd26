"""Screens of the private chat: the text and buttons a migrant sees, in their language.

Each screen is built from core objects and translated here; handlers only choose which one.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.core.languages import languages_for_picker
from bot.core.menu import CITIZENSHIP_LABELS, MAIN_MENU, Citizenship, Entry, MenuEntry
from bot.telegram.callbacks import CitizenshipChoice, LanguageChoice, MenuChoice


@dataclass(frozen=True)
class Screen:
    text: str  # Telegram HTML, every dynamic part escaped
    markup: InlineKeyboardMarkup | None = None


def menu_button() -> InlineKeyboardButton:
    return InlineKeyboardButton(text=_("☰ Menu"), callback_data=MenuChoice(entry="home").pack())


def _menu_entry_button(item: MenuEntry) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=_(item.label), callback_data=MenuChoice(entry=item.entry).pack()
    )


def main_menu(prefix: str = "") -> Screen:
    rows = [[_menu_entry_button(item) for item in row] for row in MAIN_MENU]
    text = _("<b>Main menu</b>\nWhat do you need? Choose below.")
    return Screen(
        f"{prefix}\n\n{text}" if prefix else text, InlineKeyboardMarkup(inline_keyboard=rows)
    )


def with_menu(text: str) -> Screen:
    """A short answer that always leaves one tap back to the menu."""
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=[[menu_button()]]))


def language_picker(suggested: str, *, onboarding: bool) -> Screen:
    rows = [
        [
            InlineKeyboardButton(
                text=lang.native_name, callback_data=LanguageChoice(code=lang.code).pack()
            )
        ]
        for lang in languages_for_picker(suggested)
    ]
    if onboarding:
        text = _(
            "👋 <b>Helpline</b> — free and confidential help for migrant workers.\n"
            "We never ask for your name, phone number or documents.\n\n"
            "Choose your language:"
        )
    else:
        text = _("🌐 Choose your language:")
        rows.append(
            [
                InlineKeyboardButton(
                    text=_("🌍 Change country"), callback_data=MenuChoice(entry="country").pack()
                )
            ]
        )
        rows.append([menu_button()])
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows))


def citizenship_picker(*, onboarding: bool) -> Screen:
    rows = [
        [InlineKeyboardButton(text=_(label), callback_data=CitizenshipChoice(code=code).pack())]
        for code, label in CITIZENSHIP_LABELS.items()
    ]
    if not onboarding:
        rows.append([menu_button()])
    text = _(
        "Which country's passport do you have?\n"
        "The rules in Russia differ by citizenship, so we show what applies to you."
    )
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows))


def citizenship_label(code: str) -> str:
    return _(CITIZENSHIP_LABELS[Citizenship(code)])


def coming_soon(entry: Entry) -> Screen:
    text = _("🛠 This part of the helpline is still being prepared. It will be here soon.")
    if entry is Entry.EMERGENCY:
        text += "\n\n" + emergency_now()
    return with_menu(text)


def emergency_now() -> str:
    # 112 is verified in facts.md E1 (second pass, 2026-11-27): free, any phone, no SIM needed.
    return _(
        "🆘 In danger right now in Russia? Call <b>112</b> — free, from any phone, "
        "even without money or a SIM card."
    )


def privacy(contact_days: int) -> Screen:
    """What is and is not stored, in plain words; `contact_days` is the contact retention."""
    reports = _(
        "📨 <b>Reports and the pension check</b>\n"
        "• A report keeps only what you wrote, with phone and document numbers removed — "
        "never your name or account.\n"
        "• If you ask for an answer, we keep an encrypted way to write to you for {days} days.\n"
        "• The pension check keeps none of your answers, only an anonymous count of results.\n"
        "• /forget deletes everything linked to you and clears this chat."
    ).format(days=contact_days)
    return with_menu(
        _(
            "🔒 <b>What we store</b>\n"
            "• Your chosen language and country.\n"
            "• Where you are in a conversation, so you can continue after a break.\n"
            "Both are kept under a code made from your account, not under your name or number.\n\n"
            "<b>What we never store</b>\n"
            "• Your name, username, phone number or Telegram ID.\n"
            "• Your location or contacts.\n\n"
            "We never ask for money, your passport or documents. "
            "Anyone who does in our name is a scammer."
        )
        + "\n\n"
        + reports
    )


def help_screen() -> Screen:
    return with_menu(
        _(
            "ℹ️ <b>How to use the helpline</b>\n"
            "Tap the buttons. These commands also work:\n"
            "/menu — main menu\n"
            "/language — change language\n"
            "/privacy — what we store\n"
            "/emergency — emergency numbers\n"
            "/help — this help"
        )
    )


def apologise() -> str:
    return _("😔 Sorry, something went wrong on our side. Please try again, or open the menu.")
