"""Running the bot: polling (default), webhook (production replicas), or the demo."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.config import Settings
from bot.storage import migrate
from bot.storage.db import database_url
from bot.telegram.app import Helpline, build_helpline

log = logging.getLogger(__name__)


async def run_polling(helpline: Helpline, **options: Any) -> None:
    """Poll until stopped, then close everything the helpline owns. `options` go to aiogram."""
    try:
        # Never drop pending updates: people who wrote while we were down still get an answer.
        await helpline.bot.delete_webhook(drop_pending_updates=False)
        await helpline.dispatcher.start_polling(
            helpline.bot,
            allowed_updates=helpline.dispatcher.resolve_used_update_types(),
            close_bot_session=False,
            **options,
        )
    finally:
        await helpline.close()


async def run_webhook(settings: Settings, token: str, secret_key: str) -> None:
    helpline = build_helpline(settings, token, secret_key)
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    app = web.Application()
    SimpleRequestHandler(helpline.dispatcher, helpline.bot, secret_token=secret).register(
        app, path=settings.webhook_path
    )
    setup_application(app, helpline.dispatcher, bot=helpline.bot)
    await helpline.bot.set_webhook(
        f"{settings.webhook_base_url}{settings.webhook_path}",
        secret_token=secret,
        allowed_updates=helpline.dispatcher.resolve_used_update_types(),
        drop_pending_updates=False,
    )
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, settings.webhook_host, settings.webhook_port).start()
    log.info("webhook.listening port=%s", settings.webhook_port)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await helpline.close()


async def run_demo(settings: Settings, token: str, secret_key: str, host: str, port: int) -> None:
    from bot.sandbox.server import Sandbox, serve

    await asyncio.to_thread(migrate.upgrade, database_url(settings.database_url))
    sandbox_runner, base_url = await serve(Sandbox(), host=host, port=port)
    demo_settings = settings.model_copy(update={"telegram_api": base_url})
    print(f"\nHelpline demo: open {base_url}/ in your browser (Ctrl+C to stop)\n", flush=True)
    try:
        await run_polling(build_helpline(demo_settings, token, secret_key))
    finally:
        await sandbox_runner.cleanup()
