"""Wiring: the Bot, the Dispatcher with its storage and middlewares, and the routers in order.

Long-lived objects (user repository, pseudonymizer, settings) are Dispatcher keywords, so any
handler that names them receives them: aiogram's own dependency injection.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ChatType, ParseMode
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, ErrorEvent
from aiogram.utils.i18n import I18n
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.core.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from bot.core.privacy import Pseudonymizer
from bot.core.texts import N_
from bot.storage.db import database_url, make_engine, make_session_factory
from bot.storage.fsm import PseudonymKeyBuilder, SQLStorage
from bot.storage.users import UserRepository
from bot.telegram import screens
from bot.telegram.middlewares import IdentityMiddleware, ProfileI18nMiddleware
from bot.telegram.private import fallback, menu, onboarding
from bot.telegram.retry import RetryAfterMiddleware

log = logging.getLogger(__name__)

COMMANDS = (
    ("menu", N_("Main menu")),
    ("language", N_("Change language")),
    ("privacy", N_("What we store")),
    ("help", N_("How to use the helpline")),
)


def get_routers() -> list[Router]:
    """Audience first (the migrant's private chat), then features; the fallback is always last."""
    private = Router(name="private")
    private.message.filter(F.chat.type == ChatType.PRIVATE)
    private.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    private.include_routers(onboarding.router(), menu.router(), fallback.router())
    return [private]


def build_bot(settings: Settings, token: str) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api))
    session.middleware(RetryAfterMiddleware())
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


@dataclass
class Helpline:
    """Everything one running bot process owns, and closes on the way out."""

    bot: Bot
    dispatcher: Dispatcher
    engine: AsyncEngine
    redis: Redis | None

    async def close(self) -> None:
        await self.dispatcher.storage.close()
        await self.dispatcher.fsm.events_isolation.close()
        await self.bot.session.close()
        if self.redis is not None:
            await self.redis.aclose()
        await self.engine.dispose()


def build_helpline(settings: Settings, token: str, secret_key: str) -> Helpline:
    engine = make_engine(database_url(settings.database_url))
    sessions = make_session_factory(engine)
    pseudonymizer = Pseudonymizer(secret_key)
    key_builder = PseudonymKeyBuilder(pseudonymizer)

    redis: Redis | None = None
    storage: BaseStorage
    isolation: BaseEventIsolation
    if settings.redis_url:
        # Several replicas: FSM and the per-chat lock must be shared, so both live in Redis.
        redis = Redis.from_url(settings.redis_url)
        storage = RedisStorage(redis, key_builder=key_builder)
        isolation = RedisEventIsolation(redis, key_builder=key_builder)
    else:
        storage = SQLStorage(sessions, key_builder)
        isolation = SimpleEventIsolation()

    users = UserRepository(sessions)
    dispatcher = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        users=users,
        pseudonymizer=pseudonymizer,
        settings=settings,
    )
    dispatcher.update.outer_middleware(IdentityMiddleware(pseudonymizer, users))
    i18n = I18n(path=settings.locales_dir, default_locale=DEFAULT_LANGUAGE, domain="messages")
    ProfileI18nMiddleware(i18n).setup(dispatcher)
    dispatcher.include_routers(*get_routers())
    dispatcher.errors.register(on_error)
    dispatcher["i18n_core"] = i18n
    dispatcher.startup.register(set_commands)
    return Helpline(build_bot(settings, token), dispatcher, engine, redis)


async def set_commands(bot: Bot, i18n_core: I18n) -> None:
    """The command list Telegram shows, in each language (Russian for everyone else)."""
    scope = BotCommandScopeAllPrivateChats()
    for code in sorted(LANGUAGE_CODES):
        commands = [
            BotCommand(command=c, description=i18n_core.gettext(d, locale=code))
            for c, d in COMMANDS
        ]
        await bot.set_my_commands(commands, scope=scope, language_code=code)
    default = [
        BotCommand(command=c, description=i18n_core.gettext(d, locale=DEFAULT_LANGUAGE))
        for c, d in COMMANDS
    ]
    await bot.set_my_commands(default, scope=scope)


async def on_error(event: ErrorEvent, pseudonym: str = "-") -> bool:
    """Log the error type only (texts may hold ids or what the user wrote), then apologise."""
    log.error(
        "update.failed error=%s pseudonym=%s",
        type(event.exception).__name__,
        pseudonym,
        exc_info=event.exception,
    )
    update = event.update
    message = update.message or (update.callback_query.message if update.callback_query else None)
    if message is None or message.chat.type != ChatType.PRIVATE:
        return True
    sorry = screens.with_menu(screens.apologise())
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await update.bot.send_message(message.chat.id, sorry.text, reply_markup=sorry.markup)  # type: ignore[union-attr]
    except TelegramAPIError as error:
        log.error("update.apology_failed error=%s pseudonym=%s", type(error).__name__, pseudonym)
    return True
