"""People who chat with the real bot through the sandbox, so flow tests read like a session.

    amina = await chat.person("Amina", language_code="ky")
    await amina.send("/start")
    await amina.press("Кыргызча")
    assert "меню" in amina.last.text.lower()

Every action waits until the bot has finished handling the update it caused (the sandbox knows:
the bot's next getUpdates confirms it), so assertions never race the bot.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

TOKEN = "123456789:e2e-test-token"
HANDLED_TIMEOUT = 30.0


@dataclass(frozen=True)
class Seen:
    """One bot message as the person sees it now."""

    message_id: int
    text: str
    html: str
    buttons: list[list[dict[str, Any]]]
    deleted: bool

    @property
    def labels(self) -> list[str]:
        return [button["text"] for row in self.buttons for button in row]


class SandboxClient:
    """The sandbox's control API and, for staging old messages, its Bot API as the bot."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = httpx.AsyncClient(base_url=base_url, timeout=HANDLED_TIMEOUT + 10)

    async def close(self) -> None:
        await self.http.aclose()

    async def control(self, verb: str, path: str, **body: Any) -> Any:
        response = await self.http.request(verb, f"/sandbox/{path}", json=body or None)
        response.raise_for_status()
        return response.json()

    async def as_bot(self, method: str, **params: Any) -> Any:
        response = await self.http.post(f"/bot{TOKEN}/{method}", json=params)
        return response.json()

    async def wait_handled(self, update_id: int) -> None:
        await self.control("GET", f"updates/{update_id}/handled?timeout={HANDLED_TIMEOUT}")

    async def person(self, first_name: str, **fields: Any) -> Person:
        created = await self.control("POST", "users", first_name=first_name, **fields)
        return Person(self, created["user"], created["chat_id"])

    async def failed_calls(self) -> list[dict[str, Any]]:
        log = await self.control("GET", "log")
        return [call for call in log["calls"] if not call["ok"]]


@dataclass
class Person:
    sandbox: SandboxClient
    user: dict[str, Any]
    chat_id: int
    seen: list[Seen] = field(default_factory=list)
    changed: list[Seen] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.user["id"])

    async def send(self, text: str) -> None:
        await self._act("messages", from_id=self.id, kind="text", text=text)

    async def send_kind(self, kind: str, **extra: Any) -> None:
        """A sticker, voice message, photo, document, contact or location."""
        await self._act("messages", from_id=self.id, kind=kind, **extra)

    async def press(self, label: str) -> None:
        """Tap the button with this label on the newest bot message that has one."""
        await self.refresh()
        for message in reversed(self.bot_messages):
            for row in message.buttons:
                for button in row:
                    if button["text"] == label and "callback_data" in button:
                        await self.press_data(message.message_id, button["callback_data"])
                        return
        raise AssertionError(f"no button {label!r}; the last message offers {self.last.labels}")

    async def press_data(self, message_id: int, data: str) -> None:
        await self._act("callback", from_id=self.id, message_id=message_id, data=data)

    async def _act(self, what: str, **body: Any) -> None:
        before = {m.message_id: (m.text, m.buttons, m.deleted) for m in self.seen}
        result = await self.sandbox.control("POST", f"chats/{self.chat_id}/{what}", **body)
        await self.sandbox.wait_handled(result["update_id"])
        await self.refresh()
        # What the person looks at now: the newest message the bot sent or edited in place.
        self.changed = [
            m
            for m in self.bot_messages
            if before.get(m.message_id) != (m.text, m.buttons, m.deleted)
        ]

    async def refresh(self) -> None:
        body = await self.sandbox.control("GET", f"chats/{self.chat_id}/messages")
        self.seen = [
            Seen(
                message_id=m["message_id"],
                text=m["text"] or "",
                html=m["html"] or "",
                buttons=(m.get("reply_markup") or {}).get("inline_keyboard", []),
                deleted=m["deleted"],
            )
            for m in body["messages"]
            if m["from_bot"]
        ]
        self.alerts = [alert["text"] for alert in body["alerts"] if alert.get("text")]
        self.own = [m for m in body["messages"] if not m["from_bot"]]

    async def wait_until(self, condition: Callable[[Person], bool]) -> None:
        """For a bot that handles updates as background tasks (the demo, production)."""
        async with asyncio.timeout(HANDLED_TIMEOUT):
            while not condition(self):
                version = (await self.sandbox.control("GET", f"chats/{self.chat_id}/messages"))[
                    "version"
                ]
                await self.sandbox.control(
                    "GET", f"chats/{self.chat_id}/wait?after={version}&timeout=5"
                )
                await self.refresh()

    @property
    def bot_messages(self) -> list[Seen]:
        return [message for message in self.seen if not message.deleted]

    @property
    def last(self) -> Seen:
        """The message the bot last sent or edited in answer to this person's last action."""
        assert self.bot_messages, "the bot has not said anything"
        alive = {m.message_id for m in self.bot_messages}
        changed = [m for m in self.changed if m.message_id in alive]
        return changed[-1] if changed else self.bot_messages[-1]

    def saw(self, fragment: str) -> bool:
        return any(fragment in message.text for message in self.bot_messages)
