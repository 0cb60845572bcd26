"""Routers for the migrant's private chat with the bot, one module per feature."""
