"""The real bot, polling over loopback HTTP against the sandbox Bot API, on each backend."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import pytest

from bot.config import Settings
from bot.core.redaction import RedactingFormatter
from bot.sandbox.server import Sandbox, serve
from bot.telegram.app import Helpline, build_helpline
from bot.telegram.runner import run_polling
from tests.e2e.people import TOKEN, SandboxClient


@pytest.fixture
async def chat() -> AsyncIterator[SandboxClient]:
    """The sandbox, and at the end the check that the bot never caused a Telegram 400."""
    runner, base_url = await serve(Sandbox(), host="127.0.0.1", port=0)
    client = SandboxClient(base_url)
    try:
        yield client
        rejected = [call for call in await client.failed_calls() if call.get("error_code") == 400]
        assert not rejected, f"the bot caused Telegram 400s: {rejected}"
    finally:
        await client.close()
        await runner.cleanup()


@dataclass
class Backend:
    database_url: str
    redis_url: str | None = None


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres+redis", marks=[pytest.mark.postgres, pytest.mark.redis]),
    ]
)
def backend(request: pytest.FixtureRequest) -> Backend:
    """SQLite with the SQL FSM storage (default install), or production's PostgreSQL + Redis."""
    if request.param == "sqlite":
        return Backend(request.getfixturevalue("sqlite_url"))
    return Backend(request.getfixturevalue("postgres_url"), request.getfixturevalue("redis_url"))


@dataclass
class BotProcess:
    """Starts and stops the bot the way `helpline run` does, as often as a test needs."""

    settings: Settings
    secret_key: str
    running: list[tuple[Helpline, asyncio.Task[None]]] = field(default_factory=list)

    async def start(self) -> Helpline:
        helpline = build_helpline(self.settings, TOKEN, self.secret_key)
        # handle_as_tasks=False: the next getUpdates comes only after an update is fully handled,
        # which is how the sandbox tells a test that the bot has finished answering.
        task = asyncio.create_task(
            run_polling(helpline, handle_signals=False, handle_as_tasks=False)
        )
        self.running.append((helpline, task))
        return helpline

    async def stop(self) -> None:
        while self.running:
            helpline, task = self.running.pop()
            try:
                await helpline.dispatcher.stop_polling()
            except RuntimeError:  # stopped before polling had begun
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def restart(self) -> Helpline:
        await self.stop()
        return await self.start()


@pytest.fixture
async def bot_process(
    chat: SandboxClient, backend: Backend, secret_key: str
) -> AsyncIterator[BotProcess]:
    settings = Settings(
        _env_file=None,
        telegram_api=chat.base_url,
        database_url=backend.database_url,
        redis_url=backend.redis_url,
    )
    process = BotProcess(settings, secret_key)
    try:
        yield process
    finally:
        await process.stop()


@pytest.fixture
async def bot(bot_process: BotProcess) -> AsyncIterator[Helpline]:
    """A running bot; tests that restart it use `bot_process` directly."""
    yield await bot_process.start()


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """Everything logged during the test, formatted exactly as production formats it."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(RedactingFormatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
