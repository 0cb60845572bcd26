"""`helpline demo` as a newcomer meets it: the real command, then onboarding in a real browser."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

import httpx
import pytest

from bot.core.languages import LANGUAGES
from bot.core.menu import CITIZENSHIP_LABELS, MAIN_MENU, Citizenship
from tests.e2e.people import SandboxClient
from tests.e2e.test_foundation import say
from tests.sandbox.test_web_page import CHROMIUM, CHROMIUM_ARGS, UI_TIMEOUT_MS, _require_chromium


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_the_demo_command_serves_the_chat_page_and_the_bot_answers(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPLINE_")}
    process = await asyncio.create_subprocess_exec(
        Path(sys.executable).parent / "helpline", "demo", "--port", str(port),
        cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        printed = ""
        while "open http" not in printed:
            line = await asyncio.wait_for(process.stdout.readline(), timeout=60)
            assert line, f"the demo stopped: {printed}"
            printed += line.decode()
        base_url = f"http://127.0.0.1:{port}"
        assert f"{base_url}/" in printed
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
            page = await http.get("/")
            assert page.status_code == 200 and "<html" in page.text.lower()
        client = SandboxClient(base_url)
        try:
            newcomer = await client.person("Aigerim", language_code="ky")
            await newcomer.send("/start")
            await newcomer.wait_until(lambda person: bool(person.bot_messages))
            assert "Кыргызча" in newcomer.last.labels
        finally:
            await client.close()
        assert (tmp_path / "var" / "demo_secret_key").exists()
        assert (tmp_path / "var" / "helpline.sqlite3").exists()
    finally:
        process.terminate()
        await process.wait()


@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_person_onboards_in_every_language_in_the_browser(chat: SandboxClient, bot) -> None:
    _require_chromium()
    from playwright.async_api import async_playwright, expect

    problems: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = await browser.new_page(viewport={"width": 400, "height": 800})
            page.on("pageerror", lambda error: problems.append(str(error)))
            await page.goto(chat.base_url + "/")
            for language in LANGUAGES:
                await page.fill("#new-name", f"Person {language.code}")
                await page.click("#new-user-btn")
                await expect(page.locator("#user-select option:checked")).to_have_text(
                    f"Person {language.code} (ru)", timeout=UI_TIMEOUT_MS
                )
                await expect(page.locator(".msg")).to_have_count(0, timeout=UI_TIMEOUT_MS)
                await page.fill("#text", "/start")
                await page.press("#text", "Enter")
                last = page.locator(".msg.bot").last
                await last.locator(".inline-keyboard button", has_text=language.native_name).click()
                country = say(language.code, CITIZENSHIP_LABELS[Citizenship.TAJIKISTAN])
                await last.locator(".inline-keyboard button", has_text=country).click(
                    timeout=UI_TIMEOUT_MS
                )
                for row in MAIN_MENU:
                    for item in row:
                        button = last.locator(
                            ".inline-keyboard button", has_text=say(language.code, item.label)
                        )
                        await expect(button).to_be_visible(timeout=UI_TIMEOUT_MS)
            await page.screenshot(path="/tmp/demo_onboarding.png")  # noqa: S108 - for a person to look at
        finally:
            await browser.close()
    assert not problems, problems
