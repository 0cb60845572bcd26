"""Alembic environment: async, URL from the config that `bot.storage.migrate` builds.

Batch mode on SQLite, because SQLite can only alter a table by rebuilding it.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.storage.db import database_url, ensure_sqlite_directory
from bot.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    raw = config.get_main_option("sqlalchemy.url")
    if not raw:
        raise RuntimeError("sqlalchemy.url is not set: run migrations through bot.storage.migrate")
    return database_url(raw)


def run_migrations_offline() -> None:
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        compare_type=True,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    url = _url()
    ensure_sqlite_directory(url)
    # A plain engine on purpose: no app pragmas (foreign_keys=ON would fight batch table rebuilds).
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # The bot's connections cannot switch the file to WAL while others are open;
                # here, before the bot starts, nothing else is.
                await connection.exec_driver_sql("PRAGMA journal_mode=WAL")
                await connection.commit()
            await connection.run_sync(_run_on)
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    # Tests may hand in an open connection (`config.attributes["connection"]`) from `run_sync`.
    connection = config.attributes.get("connection")
    if connection is None:
        asyncio.run(_run_async())
    else:
        _run_on(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
