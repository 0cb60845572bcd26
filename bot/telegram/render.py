"""Putting a screen in front of the user: a new message, or the tapped message edited in place."""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from bot.telegram.screens import Screen


async def show(event: Message | CallbackQuery, screen: Screen, notice: str | None = None) -> None:
    """Show `screen`; for a tap, `notice` is the brief pop-up Telegram shows over the chat."""
    if isinstance(event, Message):
        await event.answer(screen.text, reply_markup=screen.markup)
        return
    message = event.message
    if isinstance(message, Message):
        if message.html_text != screen.text or message.reply_markup != screen.markup:
            try:
                await message.edit_text(screen.text, reply_markup=screen.markup)
            except TelegramBadRequest as error:
                # A double tap can ask for the screen already shown; anything else is a real error.
                if "message is not modified" not in error.message:
                    raise
    elif event.message is not None:
        # Telegram no longer gives us the old message (too old to edit): answer with a new one.
        await event.bot.send_message(event.message.chat.id, screen.text, reply_markup=screen.markup)  # type: ignore[union-attr]
    await event.answer(notice)
