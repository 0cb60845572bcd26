"""A local fake of the Telegram Bot API with a web chat page, for `helpline demo` and e2e tests.

It speaks only Bot API JSON and imports nothing else of the bot."""

from bot.sandbox.server import Sandbox, build_app, serve

__all__ = ["Sandbox", "build_app", "serve"]
