"""Runs the Alembic migrations in `migrations/` without an alembic.ini: `helpline db upgrade`.

Synchronous on purpose: each call runs the async environment on its own loop in its own thread,
so it works from plain code, from `asyncio.to_thread`, and (blocking) from inside a running loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.storage.db import database_url, sqlite_file

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"

_T = TypeVar("_T")


def alembic_config(url: str | None, script_location: Path | None = None) -> Config:
    """The Alembic config an alembic.ini would give, for `url` (normalised to its async driver)."""
    config = Config()
    config.set_main_option("script_location", str(script_location or MIGRATIONS_DIR))
    if url is not None:
        # Config values go through configparser interpolation: a %-escaped password needs %%.
        config.set_main_option("sqlalchemy.url", database_url(url).replace("%", "%%"))
    return config


def _in_own_thread(work: Callable[[], _T]) -> _T:
    # env.py calls asyncio.run, which refuses to start inside a running loop and, on the main
    # thread, resets the loop others set up; a thread of its own is safe from anywhere.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def upgrade(url: str, revision: str = "head", *, script_location: Path | None = None) -> None:
    config = alembic_config(url, script_location)
    _in_own_thread(lambda: command.upgrade(config, revision))


def downgrade(url: str, revision: str, *, script_location: Path | None = None) -> None:
    config = alembic_config(url, script_location)
    _in_own_thread(lambda: command.downgrade(config, revision))


def revisions(script_location: Path | None = None) -> list[str]:
    """Every revision id, oldest first."""
    script = ScriptDirectory.from_config(alembic_config(None, script_location))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def current(url: str) -> str | None:
    """The revision the database is at; None when it was never migrated."""
    path = sqlite_file(url)
    if path is not None and not path.exists():
        return None  # asking must not create an empty database file

    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async def run() -> str | None:
        engine = create_async_engine(database_url(url), poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(read)
        finally:
            await engine.dispose()

    return _in_own_thread(lambda: asyncio.run(run()))
