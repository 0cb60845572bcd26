"""/forget: wipe everything the helpline holds about this person and clear the chat ("quick exit").

Deletes the settings, the conversation state (drafts included), the links from reports to this
person and the ways to write back to them; then deletes the recent messages of the chat that
Telegram still allows a bot to delete (both sides, up to 48 hours old in private chats).
"""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.storage.reports import ReportRepository
from bot.storage.users import UserRepository
from bot.telegram import screens
from bot.telegram.callbacks import ForgetChoice
from bot.telegram.private.report import drafts
from bot.telegram.render import show
from bot.telegram.screens import Screen

log = logging.getLogger(__name__)

CLEARED_MESSAGES = 300  # how far back the quick exit reaches; Telegram skips what it cannot delete


async def forget_command(message: Message) -> None:
    text = _(
        "🧹 <b>Delete everything?</b>\n"
        "We will delete your settings, any draft report, the link between you and your reports, "
        "and the way to write back to you. We will also clear this chat.\n\n"
        "Reports you sent stay, without any link to you; you can still open them with their "
        "receipt code."
    )
    rows = [
        [
            InlineKeyboardButton(
                text=_("🧹 Yes, delete everything"), callback_data=ForgetChoice(confirm=True).pack()
            )
        ],
        [
            InlineKeyboardButton(
                text=_("✖️ No, keep"), callback_data=ForgetChoice(confirm=False).pack()
            )
        ],
    ]
    await show(message, Screen(text, InlineKeyboardMarkup(inline_keyboard=rows)))


async def forget_chosen(
    callback: CallbackQuery,
    callback_data: ForgetChoice,
    state: FSMContext,
    bot: Bot,
    pseudonym: str,
    users: UserRepository,
    reports: ReportRepository,
) -> None:
    if not callback_data.confirm:
        await show(callback, screens.main_menu())
        return
    await state.clear()
    await drafts(state).clear()
    await users.forget(pseudonym)
    unlinked = await reports.forget(pseudonym)
    log.info("forget.done pseudonym=%s reports_unlinked=%s", pseudonym, unlinked)
    await callback.answer()
    if callback.message is not None:
        chat_id, last = callback.message.chat.id, callback.message.message_id
        first = max(1, last - CLEARED_MESSAGES + 1)
        for start in range(first, last + 1, 100):
            ids = list(range(start, min(start + 100, last + 1)))
            try:
                await bot.delete_messages(chat_id, ids)
            except TelegramAPIError as error:
                log.info(
                    "forget.clear_failed error=%s pseudonym=%s", type(error).__name__, pseudonym
                )
        await bot.send_message(
            chat_id,
            _("✅ Done. Everything about you has been deleted. Send /start to begin again."),
        )


def router() -> Router:
    router = Router(name="forget")
    router.message.register(forget_command, Command("forget"))
    router.callback_query.register(forget_chosen, ForgetChoice.filter())
    return router
