"""Where the helpline keeps things: SQLAlchemy models, engine setup, repositories, FSM storage.

Nothing is created at import time; `bot.cli` builds the engine from settings.
"""
