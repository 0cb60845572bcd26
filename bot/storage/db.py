"""Engine and sessions from `HELPLINE_DATABASE_URL`: SQLite by default, PostgreSQL in production.

Users write the URLs they know (`sqlite:///var/helpline.db`, `postgresql://…`); this turns them
into the async drivers the bot runs on, and rejects anything else with a readable message.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SQLITE_DRIVER = "sqlite+aiosqlite"
POSTGRES_DRIVER = "postgresql+asyncpg"

# The spellings people paste, mapped to the async driver this bot ships with.
_DRIVERS = {
    "sqlite": SQLITE_DRIVER,
    SQLITE_DRIVER: SQLITE_DRIVER,
    "postgresql": POSTGRES_DRIVER,
    "postgres": POSTGRES_DRIVER,
    POSTGRES_DRIVER: POSTGRES_DRIVER,
}

_EXPECTED = "expected sqlite:///path/to/helpline.db or postgresql://user:password@host/dbname"

SQLITE_BUSY_TIMEOUT_MS = 5000


class InvalidDatabaseURL(ValueError):
    """`HELPLINE_DATABASE_URL` cannot be used; the message says what is expected."""


def _invalid(detail: str = "") -> InvalidDatabaseURL:
    # The raw URL is never echoed: it may hold a password.
    suffix = f" ({detail})" if detail else ""
    return InvalidDatabaseURL(
        f"HELPLINE_DATABASE_URL is not a valid database URL: {_EXPECTED}{suffix}"
    )


def _parse(raw: str) -> URL:
    try:
        url = make_url(raw.strip())
    except (ArgumentError, ValueError) as error:
        raise _invalid() from error
    driver = _DRIVERS.get(url.drivername)
    if driver is None:
        raise _invalid(f"got {url.drivername!r}")
    url = url.set(drivername=driver)
    if driver == SQLITE_DRIVER and url.database in (None, "", ":memory:"):
        # Migrations run on their own connection, so an in-memory database would stay empty.
        raise _invalid("SQLite needs a file path")
    return url


def database_url(raw: str) -> str:
    """The async SQLAlchemy URL for `raw`, or `InvalidDatabaseURL`."""
    return _parse(raw).render_as_string(hide_password=False)


def sqlite_file(url: str) -> Path | None:
    """The database file behind a SQLite URL; None for PostgreSQL."""
    parsed = _parse(url)
    if parsed.drivername != SQLITE_DRIVER or parsed.database is None:
        return None
    return Path(parsed.database)


def ensure_sqlite_directory(url: str) -> None:
    """Create the folder of a SQLite file (e.g. `var/`), which SQLite will not do itself."""
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # Writers queue for up to busy_timeout instead of failing at once with "database is locked".
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets readers work while one writer commits. It is a property of the file (the
        # migrations switch it on), and switching needs the file to itself: when another
        # connection is busy, leave it to a later connection rather than fail this one.
        cursor.execute("PRAGMA journal_mode")
        if str(cursor.fetchone()[0]).lower() != "wal":
            with contextlib.suppress(sqlite3.OperationalError):
                cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine for `url`; the caller owns it and must `await engine.dispose()`."""
    normalised = database_url(url)
    if make_url(normalised).drivername == SQLITE_DRIVER:
        ensure_sqlite_directory(normalised)
        engine = create_async_engine(normalised, **kwargs)
        event.listen(engine.sync_engine, "connect", _configure_sqlite_connection)
        return engine
    # Replicas outlive PostgreSQL restarts and idle-connection reaping: test before use.
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(normalised, **kwargs)


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Repositories hand out plain objects after commit, so nothing needs reloading.
    return async_sessionmaker(engine, expire_on_commit=False)
