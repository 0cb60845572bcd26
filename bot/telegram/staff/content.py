"""`/reload` in the staff group: load the editors' latest content, or say why it was refused."""

from __future__ import annotations

import html
import logging

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.core.guides import split
from bot.core.library import Library

log = logging.getLogger(__name__)


def report(library: Library) -> list[str]:
    """Reload and describe the outcome for staff (file:line problems, escaped, in pages)."""
    problems = library.reload()
    errors = [p for p in problems if not p.warning]
    if errors:
        log.warning("content.rejected errors=%s", len(errors))
        head = _("❌ The new content has errors and was not loaded. The previous content stays.")
    else:
        log.info(
            "content.reloaded topics=%s warnings=%s", len(library.content.topics), len(problems)
        )
        head = _("✅ Content reloaded: {topics} topics.").format(topics=len(library.content.topics))
    details = [html.escape(str(problem), quote=False) for problem in problems[:40]]
    return split([head, *details])


async def reload_command(message: Message, library: Library) -> None:
    for text in report(library):
        await message.answer(text)


def router(staff_chat_id: int) -> Router:
    router = Router(name="staff-content")
    router.message.filter(lambda message: message.chat.id == staff_chat_id)
    router.message.register(reload_command, Command("reload"))
    return router
