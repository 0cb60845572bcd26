"""Shared fixtures: migrated SQLite and PostgreSQL databases, Redis, and the test secret key.

PostgreSQL and Redis tests skip with one line when the service is down, or fail when
HELPLINE_REQUIRE_SERVICES=1 (CI), so a laptop without them still runs everything else.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import socket
import uuid
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from functools import cache
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import pytest
import redis
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from bot.core.privacy import Pseudonymizer
from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade

POSTGRES_URL = os.environ.get(
    "HELPLINE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("HELPLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REQUIRE_SERVICES = os.environ.get("HELPLINE_REQUIRE_SERVICES") == "1"
PROBE_TIMEOUT_SECONDS = 1.0
_SKIP_HINT = "(set HELPLINE_REQUIRE_SERVICES=1 to require it)"

TEST_SECRET_KEY = "helpline-test-secret-key-not-for-production"

_T = TypeVar("_T")

_FIXTURE_FOR_MARK = {
    "postgres_url": "postgres",
    "empty_postgres_url": "postgres",
    "redis_url": "redis",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Tests that name a service fixture get its marker, so `-m "not postgres"` deselects them.
    for item in items:
        for fixture, mark in _FIXTURE_FOR_MARK.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(getattr(pytest.mark, mark))


@cache
def _reachable(host: str, port: int) -> bool:
    """One TCP probe per service per session: cheap, and enough to tell 'not running'."""
    try:
        with socket.create_connection((host, port), timeout=PROBE_TIMEOUT_SECONDS):
            return True
    except OSError:
        return False


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report: pytest.TestReport = yield
    if report.skipped and isinstance(report.longrepr, tuple):
        reason = report.longrepr[2]
        if reason.endswith(_SKIP_HINT):
            # pytest reports a fixture's skip at each test; fold them into one summary line.
            report.longrepr = (__file__, None, reason)  # type: ignore[assignment]
    return report


def _require(service: str, url: str, default_port: int) -> None:
    parsed = urlsplit(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or default_port
    if _reachable(host, port):
        return
    where = f"{host}:{port}"
    if REQUIRE_SERVICES:
        pytest.fail(f"{service} not reachable at {where} and HELPLINE_REQUIRE_SERVICES=1")
    pytest.skip(f"{service} not reachable at {where}: skipped {_SKIP_HINT}")


def in_thread(work: Callable[[], _T]) -> _T:
    """Run `work` in a thread of its own.

    Async setup in a sync fixture calls asyncio.run, which would reset the main thread's event
    loop that pytest-asyncio manages; a separate thread keeps the two apart.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


@pytest.fixture
def secret_key() -> str:
    return TEST_SECRET_KEY


@pytest.fixture
def pseudonymizer(secret_key: str) -> Pseudonymizer:
    return Pseudonymizer(secret_key)


@pytest.fixture
def empty_sqlite_url(tmp_path: Path) -> str:
    """A SQLite file that does not exist yet: no tables, not even alembic_version."""
    return f"sqlite+aiosqlite:///{tmp_path / 'helpline.db'}"


@pytest.fixture
def sqlite_url(empty_sqlite_url: str) -> str:
    upgrade(empty_sqlite_url)
    return empty_sqlite_url


@pytest.fixture
def empty_postgres_url() -> Iterator[str]:
    """A fresh, uniquely named PostgreSQL database, dropped afterwards (asyncpg URL form)."""
    _require("PostgreSQL", POSTGRES_URL, 5432)
    admin = make_url(POSTGRES_URL).set(drivername="postgresql+asyncpg")
    name = f"helpline_test_{uuid.uuid4().hex[:16]}"

    async def admin_execute(sql: str) -> None:
        # CREATE/DROP DATABASE cannot run inside a transaction.
        engine = create_async_engine(admin, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                await connection.exec_driver_sql(sql)
        finally:
            await engine.dispose()

    # template0 never has sessions attached, so parallel test runs cannot block each other.
    in_thread(lambda: asyncio.run(admin_execute(f'CREATE DATABASE "{name}" TEMPLATE template0')))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        # FORCE: a test that leaked a connection must not leave the database behind.
        in_thread(
            lambda: asyncio.run(admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        )


@pytest.fixture
def postgres_url(empty_postgres_url: str) -> str:
    upgrade(empty_postgres_url)
    return empty_postgres_url


_BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=_BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """A database migrated to head, once on SQLite and once on PostgreSQL."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture(params=_BACKENDS)
def empty_database_url(request: pytest.FixtureRequest) -> str:
    """A database with no schema at all, once on SQLite and once on PostgreSQL."""
    url: str = request.getfixturevalue(f"empty_{request.param}_url")
    return url


@pytest.fixture
async def session_factory(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(database_url)
    try:
        yield make_session_factory(engine)
    finally:
        await engine.dispose()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """Redis db 15, flushed before and after the test."""
    _require("Redis", REDIS_URL, 6379)
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
        yield REDIS_URL
        client.flushdb()
    finally:
        client.close()
