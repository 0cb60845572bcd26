"""`HELPLINE_DATABASE_URL` handling: the URLs people write, and the engine built from them."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from bot.storage.db import InvalidDatabaseURL, database_url, make_engine


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sqlite:///var/helpline.db", "sqlite+aiosqlite:///var/helpline.db"),
        ("sqlite:////srv/helpline/helpline.db", "sqlite+aiosqlite:////srv/helpline/helpline.db"),
        ("sqlite+aiosqlite:///var/helpline.db", "sqlite+aiosqlite:///var/helpline.db"),
        (
            "postgresql://bot:secret@db:5432/helpline",
            "postgresql+asyncpg://bot:secret@db:5432/helpline",
        ),
        ("postgres://bot:secret@db/helpline", "postgresql+asyncpg://bot:secret@db/helpline"),
        ("postgresql+asyncpg://bot@db/helpline", "postgresql+asyncpg://bot@db/helpline"),
        ("  postgresql://bot@db/helpline\n", "postgresql+asyncpg://bot@db/helpline"),
    ],
)
def test_the_urls_people_write_become_async_driver_urls(raw, expected):
    assert database_url(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "helpline.db",
        "mysql://bot:secret@db/helpline",
        "postgresql+psycopg2://bot:secret@db/helpline",
        "postgresql://bot:secret@db:notaport/helpline",
        "sqlite://",
        "sqlite:///:memory:",
        "redis://localhost:6379/0",
    ],
)
def test_anything_else_is_refused_with_a_readable_message_that_hides_the_password(raw):
    with pytest.raises(InvalidDatabaseURL) as refused:
        database_url(raw)

    message = str(refused.value)
    assert message.startswith(
        "HELPLINE_DATABASE_URL is not a valid database URL: expected sqlite:///"
    )
    assert "secret" not in message


def test_an_invalid_url_is_a_value_error_for_settings_validation():
    assert issubclass(InvalidDatabaseURL, ValueError)


async def test_a_sqlite_engine_creates_its_folder_and_sets_wal_busy_timeout_and_foreign_keys(
    tmp_path,
):
    path = tmp_path / "var" / "helpline.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        async with engine.connect() as connection:
            pragmas = {
                name: (await connection.execute(text(f"PRAGMA {name}"))).scalar_one()
                for name in ("journal_mode", "busy_timeout", "foreign_keys")
            }
    finally:
        await engine.dispose()

    assert path.parent.is_dir()
    assert pragmas == {"journal_mode": "wal", "busy_timeout": 5000, "foreign_keys": 1}


async def test_a_postgres_engine_pings_connections_before_use():
    engine = make_engine("postgresql://bot@db.invalid/helpline")
    try:
        assert engine.pool._pre_ping
    finally:
        await engine.dispose()


async def test_an_engine_still_connects_while_another_holds_a_file_not_yet_in_wal(tmp_path):
    path = tmp_path / "helpline.db"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("CREATE TABLE t (x INTEGER)")
    other.execute("BEGIN IMMEDIATE")  # another writer: the file cannot change journal mode now
    engine = make_engine(f"sqlite:///{path}")
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0
            mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar_one()
        other.execute("ROLLBACK")
        await engine.dispose()
        async with engine.connect() as connection:
            mode_later = (await connection.execute(text("PRAGMA journal_mode"))).scalar_one()
    finally:
        other.close()
        await engine.dispose()

    assert (mode, mode_later) == ("delete", "wal")
