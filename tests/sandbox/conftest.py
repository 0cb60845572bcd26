"""Fixtures for the sandbox tests: a running sandbox, an HTTP client for it, and a real aiogram Bot
pointed at it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.sandbox.server import Sandbox, serve

TOKEN = "123456789:sandbox-test-token"
BOT_ID = 123456789


async def until(condition: Callable[[], bool]) -> None:
    """Let the server run until `condition` holds, e.g. until a long poll is waiting."""
    # Polling is the point here: server state has no event a test could await.
    while not condition():  # noqa: ASYNC110
        await asyncio.sleep(0.005)


class LoopbackSession(AiohttpSession):
    """aiogram's session without its 250 ms close pause, which only matters for TLS."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


@dataclass
class Running:
    sandbox: Sandbox
    base_url: str
    http: httpx.AsyncClient

    async def control(self, method: str, path: str, body: Any = None) -> Any:
        response = await self.http.request(method, f"/sandbox/{path}", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    async def new_user(
        self, first_name: str = "Dilnoza", *, started: bool = True, **fields: Any
    ) -> int:
        """A user; `started` means they have written to the bot, so it may write to them."""
        created = await self.control("POST", "users", {"first_name": first_name, **fields})
        user_id = int(created["user"]["id"])
        self.sandbox.users[user_id].started = started
        return user_id

    async def say(self, chat_id: int, from_id: int, text: str, **extra: Any) -> dict[str, Any]:
        body = {"from_id": from_id, "kind": "text", "text": text, **extra}
        result: dict[str, Any] = await self.control("POST", f"chats/{chat_id}/messages", body)
        return result

    async def view(self, chat_id: int) -> dict[str, Any]:
        result: dict[str, Any] = await self.control("GET", f"chats/{chat_id}/messages")
        return result

    async def bot_call(self, method: str, **params: Any) -> httpx.Response:
        return await self.http.post(f"/bot{TOKEN}/{method}", json=params)


@pytest.fixture
async def running() -> AsyncIterator[Running]:
    sandbox = Sandbox()
    runner, base_url = await serve(sandbox, host="127.0.0.1", port=0)
    # trust_env=False: a proxy from the environment must never see loopback test traffic.
    http = httpx.AsyncClient(base_url=base_url, trust_env=False, timeout=30)
    try:
        yield Running(sandbox, base_url, http)
    finally:
        await http.aclose()
        await runner.cleanup()


@pytest.fixture
async def bot(running: Running) -> AsyncIterator[Bot]:
    session = LoopbackSession(api=TelegramAPIServer.from_base(running.base_url))
    telegram_bot = Bot(TOKEN, session=session)
    try:
        yield telegram_bot
    finally:
        await session.close()
