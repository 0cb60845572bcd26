"""Editors' changes go live without a restart; a broken change is refused and the old stays."""

from __future__ import annotations

import asyncio
import io
import shutil
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.core.menu import Citizenship
from tests.e2e.conftest import BotProcess
from tests.e2e.people import SandboxClient
from tests.e2e.test_foundation import say
from tests.e2e.test_rights import onboard

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", copy)
    return copy


def retitle(content: Path, old: str, new: str) -> None:
    path = content / "guides" / "en" / "sections.yaml"
    path.write_text(path.read_text().replace(old, new))


async def test_a_content_change_is_picked_up_and_a_broken_one_refused(
    chat: SandboxClient, bot_process: BotProcess, content: Path, captured_logs: io.StringIO
) -> None:
    bot_process.settings = bot_process.settings.model_copy(
        update={"content_dir": content, "content_watch_seconds": 0.05}
    )
    await bot_process.start()
    reader = await onboard(chat, "en", Citizenship.UZBEKISTAN)
    retitle(content, "Work and pay", "Work, pay and contracts")

    async def sections_shown() -> list[str]:
        await reader.send("/menu")
        await reader.press("📘 Know your rights")
        return reader.last.labels

    async with asyncio.timeout(10):  # the watch looks every 0.05 s; each try is a real request
        while "Work, pay and contracts" not in await sections_shown():
            pass

    broken = content / "guides" / "en" / "police.md"
    broken.write_text(broken.read_text() + "\n::: for kg\nnever closed\n")
    retitle(content, "Work, pay and contracts", "Should never be shown")
    async with asyncio.timeout(10):
        while "content.rejected" not in captured_logs.getvalue():  # noqa: ASYNC110 - a log, no event
            await asyncio.sleep(0.05)
    assert "Work, pay and contracts" in await sections_shown()
    assert "Should never be shown" not in reader.last.labels
    assert "police.md" in captured_logs.getvalue()


async def test_staff_reload_reports_success_or_the_problems(
    chat: SandboxClient, bot_process: BotProcess, content: Path
) -> None:
    group = (
        await chat.control(
            "POST", "chats", type="supergroup", title="Helpline staff", is_forum=True
        )
    )["chat"]
    bot_process.settings = bot_process.settings.model_copy(
        update={"content_dir": content, "content_watch_seconds": 0, "staff_chat_id": group["id"]}
    )
    await bot_process.start()
    editor = await chat.person("Editor")

    async def staff_says(text: str) -> str:
        sent = await chat.control(
            "POST", f"chats/{group['id']}/messages", from_id=editor.id, kind="text", text=text
        )
        await chat.wait_handled(sent["update_id"])
        messages = (await chat.control("GET", f"chats/{group['id']}/messages"))["messages"]
        return "\n".join(
            m["text"]
            for m in messages
            if m["from_bot"] and m["message_id"] > sent["message"]["message_id"]
        )

    # Staff have no profile: they read the fallback language, Russian.
    done = say("ru", "✅ Content reloaded: {topics} topics.").format(topics=13)
    assert done in await staff_says("/reload")
    broken = content / "topics" / "scams.yaml"
    broken.write_text("sources: [")
    answer = await staff_says("/reload")
    assert "❌" in answer and f"{broken}:" in answer

    migrant = await chat.person("Migrant")
    await migrant.send("/reload")  # not staff, not in the staff group: just an unknown command
    assert done not in migrant.last.text
