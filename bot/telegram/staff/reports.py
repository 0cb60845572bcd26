"""Staff in their group: `/reply N text` answers report N through the bot, anonymously.

Staff see reports, never identities or receipt codes; every action goes to the audit log under
the staff member's pseudonym. (Full triage — statuses, topics, assignment — comes later.)
"""

from __future__ import annotations

import html
import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.core.privacy import FieldCipher
from bot.core.reports import REPLY_LIMIT
from bot.storage.reports import ReportRepository
from bot.telegram.callbacks import ReportOpen

log = logging.getLogger(__name__)


async def reply_command(
    message: Message,
    command: CommandObject,
    bot: Bot,
    pseudonym: str,
    reports: ReportRepository,
    cipher: FieldCipher,
    i18n: I18n,
) -> None:
    number, _sep, text = (command.args or "").partition(" ")
    text = text.strip()
    if not number.isdigit() or not text:
        await message.answer(_("Write: /reply NUMBER your answer"))
        return
    report = await reports.get(int(number))
    if report is None:
        await message.answer(_("There is no report #{number}.").format(number=number))
        return
    if len(text) > REPLY_LIMIT:
        await message.answer(
            _("Please keep an answer under {limit} characters.").format(limit=REPLY_LIMIT)
        )
        return
    await reports.add_message(report.id, "staff", text)
    await reports.audit(pseudonym, "reply", report.id)
    contact = await reports.contact(report.id)
    chat = cipher.decrypt(contact) if contact else None
    delivered = False
    if chat is not None and chat.lstrip("-").isdigit():
        with i18n.use_locale(report.language):  # the reporter's language, not the staff's
            note = _("💬 The helpline answered your report #{number}:").format(number=report.id)
            opened = _("📨 Open the report")
        button = InlineKeyboardButton(
            text=opened, callback_data=ReportOpen(report=report.id).pack()
        )
        try:
            await bot.send_message(
                int(chat),
                f"{note}\n\n{html.escape(text)}",
                reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]),
            )
            delivered = True
        except TelegramAPIError as error:
            # Blocked the bot, deleted the chat…: the answer stays readable with the code.
            log.info("reply.not_delivered error=%s report=%s", type(error).__name__, report.id)
    if delivered:
        await message.answer(_("✅ Sent to the reporter of #{number}.").format(number=report.id))
    else:
        await message.answer(
            _("✅ Saved. The reporter of #{number} can read it with their receipt code.").format(
                number=report.id
            )
        )


def router(staff_chat_id: int) -> Router:
    router = Router(name="staff-reports")
    router.message.filter(lambda message: message.chat.id == staff_chat_id)
    router.message.register(reply_command, Command("reply"))
    return router
