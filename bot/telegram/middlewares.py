"""Middlewares: who is writing (a pseudonym, never the raw id) and which language to use."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User
from aiogram.utils.i18n import I18n, I18nMiddleware

from bot.core.languages import DEFAULT_LANGUAGE, suggest_language
from bot.core.privacy import Pseudonymizer
from bot.core.profile import UserProfile
from bot.storage.users import UserRepository

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class IdentityMiddleware(BaseMiddleware):
    """Puts `pseudonym` and `profile` into the handler data for every update that has a user."""

    def __init__(self, pseudonymizer: Pseudonymizer, users: UserRepository) -> None:
        self.pseudonymizer = pseudonymizer
        self.users = users

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None:
            pseudonym = self.pseudonymizer.user(user.id)
            data["pseudonym"] = pseudonym
            data["profile"] = await self.users.get(pseudonym) or UserProfile(pseudonym, None, None)
            data["suggested_language"] = suggest_language(user.language_code)
        return await handler(event, data)


class ProfileI18nMiddleware(I18nMiddleware):
    """The user's chosen language; before they choose, the one their Telegram app suggests."""

    def __init__(self, i18n: I18n) -> None:
        super().__init__(i18n=i18n, i18n_key="i18n", middleware_key="i18n_middleware")

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        profile: UserProfile | None = data.get("profile")
        if profile is not None and profile.language in self.i18n.available_locales:
            return profile.language
        suggested: str = data.get("suggested_language", DEFAULT_LANGUAGE)
        return suggested if suggested in self.i18n.available_locales else DEFAULT_LANGUAGE
