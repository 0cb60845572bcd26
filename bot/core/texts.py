"""Marking user-facing strings in core for Babel extraction without translating them here.

Core stays free of any locale: it names strings with `N_`, `pybabel extract -k N_` collects them,
and the Telegram layer translates them into the reader's language when it renders.
"""


def N_(message: str) -> str:
    return message
