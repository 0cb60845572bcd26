"""Wiring: the Bot, the Dispatcher with its storage and middlewares, and the routers in order.

Long-lived objects (user repository, pseudonymizer, settings) are Dispatcher keywords, so any
handler that names them receives them: aiogram's own dependency injection.
"""

from __future__ import annotations

import asyncio
import contextlib
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
from bot.core.catalogs import DerivedTranslations
from bot.core.languages import DEFAULT_LANGUAGE, DERIVED_LANGUAGES, WRITTEN_LANGUAGES
from bot.core.library import Library
from bot.core.privacy import FieldCipher, Pseudonymizer
from bot.core.reports import DRAFT_LIFETIME, ReceiptHasher
from bot.core.texts import N_
from bot.core.transliterate import latin_to_cyrillic
from bot.storage.db import database_url, make_engine, make_session_factory
from bot.storage.feedback import FeedbackRepository
from bot.storage.fsm import PseudonymKeyBuilder, SQLStorage
from bot.storage.reports import ReportRepository
from bot.storage.users import UserRepository
from bot.telegram import screens
from bot.telegram.middlewares import IdentityMiddleware, ProfileI18nMiddleware
from bot.telegram.private import (
    emergency,
    fallback,
    forget,
    menu,
    my_reports,
    onboarding,
    pension,
    report,
    rights,
)
from bot.telegram.retry import RetryAfterMiddleware
from bot.telegram.staff import content as staff_content
from bot.telegram.staff import reports as staff_reports

log = logging.getLogger(__name__)

COMMANDS = (
    ("menu", N_("Main menu")),
    ("emergency", N_("Emergency numbers")),
    ("language", N_("Change language")),
    ("privacy", N_("What we store")),
    ("help", N_("How to use the helpline")),
    ("forget", N_("Delete everything about me")),
)


def get_routers(settings: Settings) -> list[Router]:
    """Audience first (the migrant's private chat, the staff group), then features.

    In the private chat the fallback is always last: it answers whatever no feature claimed.
    """
    private = Router(name="private")
    private.message.filter(F.chat.type == ChatType.PRIVATE)
    private.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    private.include_routers(
        onboarding.router(),
        forget.router(),
        menu.router(),
        rights.router(),
        pension.router(),
        my_reports.router(),
        report.router(),
        emergency.router(),
        fallback.router(),
    )
    routers = [private]
    if settings.staff_chat_id is not None:
        routers.append(staff_content.router(settings.staff_chat_id))
        routers.append(staff_reports.router(settings.staff_chat_id))
    return routers


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
        # A conversation untouched for a day (a report draft included) is forgotten.
        storage = RedisStorage(
            redis, key_builder=key_builder, state_ttl=DRAFT_LIFETIME, data_ttl=DRAFT_LIFETIME
        )
        isolation = RedisEventIsolation(redis, key_builder=key_builder)
    else:
        storage = SQLStorage(sessions, key_builder)
        isolation = SimpleEventIsolation()

    users = UserRepository(sessions)
    library = Library(settings.content_dir)
    problems = library.reload()
    if any(not problem.warning for problem in problems):
        # Guides missing is bad; a helpline that will not start is worse. CI checks content.
        log.error("content.rejected_at_start errors=%s", len(problems))
    dispatcher = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        users=users,
        feedback=FeedbackRepository(sessions),
        reports=ReportRepository(sessions),
        receipts=ReceiptHasher(secret_key),
        cipher=FieldCipher(secret_key),
        library=library,
        pseudonymizer=pseudonymizer,
        settings=settings,
    )
    dispatcher.update.outer_middleware(IdentityMiddleware(pseudonymizer, users))
    i18n = build_i18n(settings)
    ProfileI18nMiddleware(i18n).setup(dispatcher)
    dispatcher.include_routers(*get_routers(settings))
    dispatcher.errors.register(on_error)
    dispatcher["i18n_core"] = i18n
    dispatcher.startup.register(set_commands)
    dispatcher.startup.register(start_content_watch)
    dispatcher.startup.register(start_purge)
    dispatcher.shutdown.register(stop_purge)
    dispatcher.shutdown.register(stop_content_watch)
    return Helpline(build_bot(settings, token), dispatcher, engine, redis)


def build_i18n(settings: Settings) -> I18n:
    i18n = I18n(path=settings.locales_dir, default_locale=DEFAULT_LANGUAGE, domain="messages")
    for derived, base in DERIVED_LANGUAGES.items():
        if base in i18n.locales:
            i18n.locales[derived] = DerivedTranslations(i18n.locales[base], latin_to_cyrillic)  # type: ignore[assignment]
    return i18n


async def set_commands(bot: Bot, i18n_core: I18n) -> None:
    """The command list Telegram shows, in each language (Russian for everyone else)."""
    scope = BotCommandScopeAllPrivateChats()
    for code in sorted(WRITTEN_LANGUAGES):
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


async def watch_content(library: Library, interval: float) -> None:
    """Editors' changes go live without a restart; a broken change is refused and logged."""
    while True:
        await asyncio.sleep(interval)
        if library.changed_on_disk():
            problems = library.reload()
            errors = [p for p in problems if not p.warning]
            if errors:
                log.error("content.rejected errors=%s first=%s", len(errors), errors[0])
            else:
                log.info("content.reloaded topics=%s", len(library.content.topics))


async def start_content_watch(dispatcher: Dispatcher, library: Library, settings: Settings) -> None:
    if settings.content_watch_seconds > 0:
        task = asyncio.create_task(watch_content(library, settings.content_watch_seconds))
        dispatcher["content_watch"] = task


async def stop_content_watch(dispatcher: Dispatcher) -> None:
    task = dispatcher.workflow_data.pop("content_watch", None)
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def purge(reports: ReportRepository, storage: BaseStorage, interval: float) -> None:
    """Hourly (and at start): drop ways to reach reporters once their retention period ends,
    and conversations untouched for a day, report drafts included (Redis does that by TTL)."""
    while True:
        removed = await reports.purge_expired_contacts()
        stale = (
            await storage.forget_older_than(DRAFT_LIFETIME)
            if isinstance(storage, SQLStorage)
            else 0
        )
        if removed or stale:
            log.info("purge.done contacts=%s conversations=%s", removed, stale)
        await asyncio.sleep(interval)


async def start_purge(dispatcher: Dispatcher, reports: ReportRepository) -> None:
    dispatcher["purge"] = asyncio.create_task(purge(reports, dispatcher.storage, 3600))


async def stop_purge(dispatcher: Dispatcher) -> None:
    task = dispatcher.workflow_data.pop("purge", None)
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


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
