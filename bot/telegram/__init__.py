"""Telegram as one presenter of the helpline: aiogram routers, keyboards and middlewares."""
