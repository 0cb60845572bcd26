"""Where the helpline keeps things: SQLAlchemy models, engine setup, repositories, FSM storage.

Nothing is created at import time: the app wiring builds the engine from settings and owns it.
"""
