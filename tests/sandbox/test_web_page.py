"""The web chat page in headless Chromium, with a tiny fake bot answering over the Bot API."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.sandbox.server import Sandbox, serve
from tests.sandbox.conftest import TOKEN

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = Path("/tmp/sandbox_page.png")  # noqa: S108 - a fixed place a person can look at
UI_TIMEOUT_MS = 15_000


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("HELPLINE_REQUIRE_SERVICES") == "1":
        pytest.fail("chromium not installed and HELPLINE_REQUIRE_SERVICES=1")
    pytest.skip("chromium not installed: apt-get install chromium")


async def fake_bot(base_url: str) -> None:
    """Greets in bold with a button, and answers the button with a toast and a message."""
    api = f"{base_url}/bot{TOKEN}"
    async with httpx.AsyncClient(trust_env=False, timeout=60) as http:

        async def call(method: str, **params: Any) -> Any:
            body = (await http.post(f"{api}/{method}", json=params)).json()
            assert body["ok"], body
            return body["result"]

        offset = 0
        while True:
            for update in await call("getUpdates", offset=offset, timeout=20):
                offset = update["update_id"] + 1
                if "message" in update:
                    message = update["message"]
                    name = message["from"]["first_name"]
                    said = (
                        message.get("text")
                        or f"a {next(k for k in ('sticker', 'photo') if k in message)}"
                    )
                    await call(
                        "sendMessage",
                        chat_id=message["chat"]["id"],
                        text=f"<b>Салом</b>, {name}! You said: <i>{_escape(said)}</i>",
                        parse_mode="HTML",
                        reply_markup={
                            "inline_keyboard": [[{"text": "Tap me 👆", "callback_data": "tap"}]]
                        },
                    )
                elif "callback_query" in update:
                    query = update["callback_query"]
                    await call("answerCallbackQuery", callback_query_id=query["id"], text="Tapped!")
                    await call(
                        "sendMessage",
                        chat_id=query["message"]["chat"]["id"],
                        text='You tapped it ✅ <a href="https://example.org/">link</a>',
                        parse_mode="HTML",
                    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.fixture
async def site() -> AsyncIterator[str]:
    _require_chromium()
    runner, base_url = await serve(Sandbox())
    bot_task = asyncio.create_task(fake_bot(base_url))
    try:
        yield base_url
    finally:
        bot_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await bot_task
        await runner.cleanup()


async def test_chatting_with_a_bot_in_the_browser(site: str) -> None:
    from playwright.async_api import async_playwright, expect

    problems: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = await browser.new_page(viewport={"width": 420, "height": 760})
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on(
                "console",
                lambda message: problems.append(message.text) if message.type == "error" else None,
            )
            await page.goto(site + "/")

            await page.fill("#new-name", "Дилноза")
            await page.select_option("#new-lang", "tg")
            await page.click("#new-user-btn")
            await expect(page.locator("#user-select option")).to_have_text(
                ["Дилноза (tg)"], timeout=UI_TIMEOUT_MS
            )

            await page.fill("#text", "Салом! ҷ ҳ қ ӣ ӯ ғ, oʻ gʻ 😀 <b>not html</b>")
            await page.press("#text", "Enter")
            mine = page.locator(".msg.user .text").first
            await expect(mine).to_contain_text(
                "ҷ ҳ қ ӣ ӯ ғ, oʻ gʻ 😀 <b>not html</b>", timeout=UI_TIMEOUT_MS
            )
            reply = page.locator(".msg.bot").first
            await expect(reply.locator(".text b")).to_have_text("Салом", timeout=UI_TIMEOUT_MS)
            await expect(reply.locator(".text i")).to_contain_text("<b>not html</b>")
            assert await page.locator(".msg.user .text b").count() == 0

            await reply.locator(".inline-keyboard button", has_text="Tap me").click()
            await expect(page.locator("#toast")).to_have_text("Tapped!", timeout=UI_TIMEOUT_MS)
            tapped = page.locator(".msg.bot", has_text="You tapped it")
            await expect(tapped).to_have_count(1, timeout=UI_TIMEOUT_MS)
            link = tapped.locator(".text a")
            assert await link.get_attribute("href") == "https://example.org/"
            assert await link.get_attribute("target") == "_blank"

            await page.click("#sticker-btn")
            await expect(page.locator(".msg.user .sticker")).to_have_count(1, timeout=UI_TIMEOUT_MS)
            await expect(page.locator(".msg.bot", has_text="You said: a sticker")).to_have_count(
                1, timeout=UI_TIMEOUT_MS
            )
            await page.screenshot(path=str(SCREENSHOT))
        finally:
            await browser.close()
    assert not problems, problems
