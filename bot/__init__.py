"""Helpline: a Telegram bot for Central Asian labour migrants: rights, pensions, reports."""
