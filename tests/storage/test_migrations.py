"""Alembic migrations: the stairway (each revision up, down, up again) and agreement with models."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.storage.db import make_engine
from bot.storage.migrate import (
    MIGRATIONS_DIR,
    alembic_config,
    current,
    downgrade,
    revisions,
    upgrade,
)
from bot.storage.models import Base

_T = TypeVar("_T")


async def _inspect(url: str, look: Callable[[Connection], _T]) -> _T:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(look)
    finally:
        await engine.dispose()


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def test_the_first_revision_is_0001_and_history_is_linear():
    history = revisions()
    assert history[0] == "0001"
    assert len(history) == len(set(history))


def test_every_revision_goes_up_down_and_up_again(empty_database_url):
    previous: str | None = None
    for revision in revisions():
        upgrade(empty_database_url, revision)
        assert current(empty_database_url) == revision
        downgrade(empty_database_url, previous or "base")
        assert current(empty_database_url) == previous
        upgrade(empty_database_url, revision)
        assert current(empty_database_url) == revision
        previous = revision


async def test_downgrading_to_base_leaves_no_tables(empty_database_url):
    await asyncio.to_thread(upgrade, empty_database_url)
    await asyncio.to_thread(downgrade, empty_database_url, "base")

    assert await _inspect(empty_database_url, _tables) == set()


async def test_migrations_create_exactly_what_the_models_describe(database_url):
    def diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    assert await _inspect(database_url, diff) == []


async def test_migrations_name_their_primary_keys(database_url):
    def names(connection: Connection) -> dict[str, str | None]:
        inspector = inspect(connection)
        return {table: inspector.get_pk_constraint(table)["name"] for table in _tables(connection)}

    named = await _inspect(database_url, names)
    assert {"user_settings", "fsm_state", "guide_feedback", "pension_verdict_count"} <= set(named)
    assert named == {table: f"pk_{table}" for table in named}


async def test_upgrade_works_from_a_thread_while_the_event_loop_runs(empty_sqlite_url):
    await asyncio.to_thread(upgrade, empty_sqlite_url)

    assert await asyncio.to_thread(current, empty_sqlite_url) == revisions()[-1]


async def test_upgrade_called_directly_inside_a_running_loop_still_works(empty_sqlite_url):
    upgrade(empty_sqlite_url)  # blocks the loop briefly, but must not fail

    assert current(empty_sqlite_url) == revisions()[-1]


def test_asking_for_the_revision_of_a_missing_file_does_not_create_it(tmp_path):
    path = tmp_path / "never.db"

    assert current(f"sqlite:///{path}") is None
    assert not path.exists()


def test_upgrade_creates_the_folder_of_a_new_sqlite_file(tmp_path):
    path = tmp_path / "var" / "nested" / "helpline.db"

    upgrade(f"sqlite:///{path}")

    assert path.exists()


def test_migrations_live_next_to_the_bot_package():
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "versions").is_dir()


def test_a_percent_escaped_password_survives_the_alembic_config():
    config = alembic_config("postgresql://helpline:p%40ss@db.example/helpline")

    assert config.get_main_option("sqlalchemy.url") == (
        "postgresql+asyncpg://helpline:p%40ss@db.example/helpline"
    )
