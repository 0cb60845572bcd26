"""In-memory state of the sandbox Telegram: users, chats, messages, files, pending updates, and the
Bot API objects built from them."""

from __future__ import annotations

import asyncio
import base64
import json
import mimetypes
import re
import secrets
import struct
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.telegram_html import Entity, FormattedText, utf16_len

BOT_USERNAME = "helpline_sandbox_bot"
BOT_FIRST_NAME = "Helpline Sandbox"
DEFAULT_BOT_ID = 7000000001
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_ANSWER_LIMIT = 200

MESSAGE_KINDS = ("text", "sticker", "voice", "photo", "document", "contact", "location")
UPDATE_TYPES_OFF_BY_DEFAULT = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)


class ApiError(Exception):
    """A Bot API error, serialised exactly as Telegram does."""

    def __init__(self, error_code: int, description: str, *, retry_after: int | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            data["parameters"] = {"retry_after": self.retry_after}
        return data


def bad_request(message: str) -> ApiError:
    return ApiError(400, f"Bad Request: {message}")


def forbidden(message: str) -> ApiError:
    return ApiError(403, f"Forbidden: {message}")


class Signal:
    """Wakes every coroutine waiting on it; each waiter owns its future, so no loop binding."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    @property
    def waiting(self) -> int:
        """How many coroutines wait right now (lets tests know a long poll has begun)."""
        return len(self._waiters)

    def notify(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait(self, seconds: float) -> bool:
        """True when notified, False when `seconds` passed first."""
        if seconds <= 0:
            return False
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            async with asyncio.timeout(seconds):
                await waiter
        except TimeoutError:
            return False
        finally:
            self._waiters.discard(waiter)
        return True


@dataclass
class Upload:
    """A file that arrived in a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None
    file_path: str = ""


@dataclass
class UserState:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    blocked: bool = False
    # Telegram lets a bot write to a user only after that user wrote to it.
    started: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    @property
    def phone_number(self) -> str:
        return f"+99890{self.id % 10_000_000:07d}"


@dataclass
class TopicState:
    message_thread_id: int
    name: str
    icon_color: int
    icon_custom_emoji_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_thread_id": self.message_thread_id,
            "name": self.name,
            "icon_color": self.icon_color,
        }
        if self.icon_custom_emoji_id:
            data["icon_custom_emoji_id"] = self.icon_custom_emoji_id
        return data


@dataclass
class MessageState:
    message_id: int
    chat_id: int
    date: int
    sender_id: int
    from_bot: bool
    kind: str  # text, photo, document, sticker, voice, contact, location, service
    content: FormattedText | None = None  # the text, or the caption of a media message
    media: dict[str, Any] = field(default_factory=dict)  # Bot API fields such as "document"
    reply_markup: dict[str, Any] | None = None  # inline keyboards only, as Telegram echoes
    message_thread_id: int | None = None
    is_topic_message: bool = False
    reply_to_message_id: int | None = None
    forward_origin: dict[str, Any] | None = None
    deleted: bool = False
    edit_date: int | None = None


@dataclass
class ChatState:
    id: int
    type: str
    title: str | None = None
    is_forum: bool = False
    user_id: int | None = None
    admin_ids: set[int] = field(default_factory=set)
    messages: dict[int, MessageState] = field(default_factory=dict)
    next_message_id: int = 1
    version: int = 0
    alerts: list[dict[str, Any]] = field(default_factory=list)
    reply_keyboard: dict[str, Any] | None = None
    force_reply: dict[str, Any] | None = None
    topics: dict[int, TopicState] = field(default_factory=dict)
    last_action: dict[str, Any] | None = None
    signal: Signal = field(default_factory=Signal, repr=False)


@dataclass
class CallbackState:
    id: str
    chat_id: int
    message_id: int
    user_id: int
    data: str
    answered: bool = False


@dataclass
class Fault:
    error_code: int
    description: str
    retry_after: int | None
    times: int


@dataclass
class Markup:
    """A validated reply_markup: what the message echoes, and what it does to the keyboard."""

    kind: str  # inline, keyboard, remove, force_reply
    data: dict[str, Any]


_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w@/])")
_URL_BUTTON_RE = re.compile(r"^(https?|tg)://\S+$", re.IGNORECASE)
_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def drop_nulls(value: Any) -> Any:
    """JSON bodies may carry explicit nulls where aiogram would omit the field."""
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value if v is not None]
    return value


def check_reply_markup(markup: Any, *, inline_only: bool = False) -> Markup:
    """Validate reply_markup like Telegram and normalise it."""
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    markup = drop_nulls(markup)
    if "inline_keyboard" in markup:
        return Markup("inline", {"inline_keyboard": _check_inline_rows(markup["inline_keyboard"])})
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request('field "keyboard" of the ReplyKeyboardMarkup must be an Array')
        norm_rows = []
        for row in rows:
            norm_row = []
            for button in row:
                if isinstance(button, str):
                    button = {"text": button}
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise bad_request("can't parse keyboard button: Text must be a String")
                norm_row.append(button)
            norm_rows.append(norm_row)
        data = dict(markup)
        data["keyboard"] = norm_rows
        return Markup("keyboard", data)
    if markup.get("remove_keyboard") is True:
        return Markup("remove", markup)
    if markup.get("force_reply") is True:
        return Markup("force_reply", markup)
    raise bad_request("can't parse reply keyboard markup JSON object")


def _check_inline_rows(rows: Any) -> list[list[dict[str, Any]]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    count = 0
    for row in rows:
        for button in row:
            count += 1
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request("can't parse inline keyboard button: Text must be a String")
            actions = [key for key in _INLINE_ACTIONS if key in button]
            if not actions:
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the "
                    "inline keyboard"
                )
            if "callback_data" in button:
                data = button["callback_data"]
                if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
                    raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button and (
                not isinstance(button["url"], str) or not _URL_BUTTON_RE.match(button["url"])
            ):
                raise bad_request("BUTTON_URL_INVALID")
    if count > 100:
        raise bad_request("reply markup is too long")
    return rows


def command_entities(text: str) -> tuple[Entity, ...]:
    """bot_command entities, as Telegram adds them to what users type."""
    return tuple(
        Entity("bot_command", utf16_len(text[: match.start()]), utf16_len(match.group()))
        for match in _COMMAND_RE.finditer(text)
    )


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(tag: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + tag
            + body
            + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)
        )

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


USER_PHOTO_BYTES = _png(64, 48, (90, 150, 210))


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, JPEG, GIF or WebP image; None when it is not one."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return 512, 512
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + length
    return None


def _scaled(width: int, height: int, limit: int) -> tuple[int, int]:
    biggest = max(width, height)
    if biggest <= limit:
        return width, height
    return max(1, width * limit // biggest), max(1, height * limit // biggest)


class Sandbox:
    """All state of one fake Telegram; one bot, any number of users and group chats."""

    def __init__(self) -> None:
        self.bot_id = DEFAULT_BOT_ID
        self.users: dict[int, UserState] = {}
        self.chats: dict[int, ChatState] = {}
        self.updates: list[dict[str, Any]] = []
        self.next_update_id = 700_000_001
        self.update_signal = Signal()
        # Confirmation by a later getUpdates offset is how the sandbox knows the bot has
        # finished with an update (the bot polls again only after handling a batch).
        self.confirmed_below = 0
        self.skipped_updates: set[int] = set()
        self.handled_signal = Signal()
        self.allowed_updates: list[str] = []
        self.poll_generation = 0
        self.webhook: dict[str, Any] = {"url": ""}
        self.commands: dict[tuple[str, str], tuple[dict[str, Any], list[dict[str, str]]]] = {}
        self.bot_texts: dict[tuple[str, str], str] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.files: dict[str, StoredFile] = {}
        self.callbacks: dict[str, CallbackState] = {}
        self.calls: list[dict[str, Any]] = []
        self.faults: dict[str, Fault] = {}
        self.closing = False

    # ---- identities -------------------------------------------------------------------------

    def bot_user_json(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": BOT_FIRST_NAME,
            "username": BOT_USERNAME,
        }

    def _new_user_id(self) -> int:
        while True:
            candidate = 100_000_000 + secrets.randbelow(7_900_000_000)
            if candidate not in self.users and candidate not in self.chats:
                return candidate

    def create_user(
        self,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        user_id: int | None = None,
    ) -> UserState:
        if user_id is None:
            user_id = self._new_user_id()
        if user_id <= 0 or user_id in self.users or user_id == self.bot_id:
            raise ValueError(f"user id {user_id} is taken or invalid")
        user = UserState(user_id, first_name, last_name, username, language_code)
        self.users[user_id] = user
        self.chats[user_id] = ChatState(id=user_id, type="private", user_id=user_id)
        return user

    def create_chat(
        self, title: str, *, chat_type: str = "supergroup", is_forum: bool = False
    ) -> ChatState:
        while True:
            chat_id = -int(f"100{1_000_000_000 + secrets.randbelow(9_000_000_000)}")
            if chat_id not in self.chats:
                break
        chat = ChatState(id=chat_id, type=chat_type, title=title, is_forum=is_forum)
        self.chats[chat_id] = chat
        return chat

    def user(self, user_id: int) -> UserState:
        user = self.users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        return user

    def chat(self, chat_id: int) -> ChatState:
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def chat_by_username(self, username: str) -> ChatState:
        for user in self.users.values():
            if user.username and user.username.lower() == username.lower():
                return self.chats[user.id]
        raise bad_request("chat not found")

    def chat_json(self, chat: ChatState) -> dict[str, Any]:
        data: dict[str, Any] = {"id": chat.id, "type": chat.type}
        if chat.type == "private" and chat.user_id is not None:
            user = self.users[chat.user_id]
            data["first_name"] = user.first_name
            if user.last_name:
                data["last_name"] = user.last_name
            if user.username:
                data["username"] = user.username
        else:
            data["title"] = chat.title or ""
            if chat.is_forum:
                data["is_forum"] = True
        return data

    def chat_full_json(self, chat: ChatState) -> dict[str, Any]:
        data = self.chat_json(chat)
        data.update(
            {
                "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": {
                    "unlimited_gifts": False,
                    "limited_gifts": False,
                    "unique_gifts": False,
                    "premium_subscription": False,
                    "gifts_from_channels": False,
                },
            }
        )
        return data

    def check_can_send(self, chat: ChatState) -> None:
        if chat.type != "private" or chat.user_id is None:
            return
        user = self.users[chat.user_id]
        if user.blocked:
            raise forbidden("bot was blocked by the user")
        if not user.started:
            raise forbidden("bot can't initiate conversation with a user")

    def check_thread(self, chat: ChatState, thread_id: int | None) -> None:
        if thread_id is None:
            return
        if chat.is_forum:
            if thread_id not in chat.topics:
                raise bad_request("message thread not found")
        elif thread_id not in chat.messages:
            raise bad_request("message thread not found")

    # ---- change notification ------------------------------------------------------------------

    def touch(self, chat: ChatState) -> None:
        chat.version += 1
        chat.signal.notify()

    def enqueue(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update for getUpdates; returns its id even when the bot filtered it out."""
        update_id = self.next_update_id
        self.next_update_id += 1
        allowed = self.allowed_updates
        if (allowed and kind not in allowed) or (
            not allowed and kind in UPDATE_TYPES_OFF_BY_DEFAULT
        ):
            self.skipped_updates.add(update_id)
            self.handled_signal.notify()
            return update_id
        self.updates.append({"update_id": update_id, kind: payload})
        self.update_signal.notify()
        return update_id

    def confirm_updates(self, offset: int) -> None:
        """getUpdates' offset: earlier updates are forgotten, and count as handled by the bot."""
        if offset < 0:
            self.updates = self.updates[offset:]
            first_kept = self.updates[0]["update_id"] if self.updates else self.next_update_id
            self.confirmed_below = max(self.confirmed_below, first_kept)
        else:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            self.confirmed_below = max(self.confirmed_below, offset)
        self.handled_signal.notify()

    def drop_pending_updates(self) -> None:
        self.updates.clear()
        self.confirmed_below = self.next_update_id
        self.handled_signal.notify()

    def is_handled(self, update_id: int) -> bool:
        return update_id < self.confirmed_below or update_id in self.skipped_updates

    def wake_everyone(self) -> None:
        self.update_signal.notify()
        self.handled_signal.notify()
        for chat in self.chats.values():
            chat.signal.notify()

    # ---- messages -----------------------------------------------------------------------------

    def add_message(self, chat: ChatState, message: MessageState) -> MessageState:
        chat.messages[message.message_id] = message
        self.touch(chat)
        return message

    def new_message(
        self,
        chat: ChatState,
        *,
        sender_id: int,
        from_bot: bool,
        kind: str,
        content: FormattedText | None = None,
        media: dict[str, Any] | None = None,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> MessageState:
        message_id = chat.next_message_id
        chat.next_message_id += 1
        return MessageState(
            message_id=message_id,
            chat_id=chat.id,
            date=int(time.time()),
            sender_id=sender_id,
            from_bot=from_bot,
            kind=kind,
            content=content,
            media=media or {},
            message_thread_id=thread_id,
            is_topic_message=chat.is_forum and thread_id is not None,
            reply_to_message_id=reply_to,
        )

    def find_message(self, chat: ChatState, message_id: int, missing: str) -> MessageState:
        message = chat.messages.get(message_id)
        if message is None or message.deleted:
            raise bad_request(missing)
        return message

    def message_json(self, message: MessageState, *, with_reply: bool = True) -> dict[str, Any]:
        chat = self.chats[message.chat_id]
        data: dict[str, Any] = {"message_id": message.message_id}
        if message.message_thread_id is not None:
            data["message_thread_id"] = message.message_thread_id
        if message.from_bot:
            data["from"] = self.bot_user_json()
        else:
            data["from"] = self.users[message.sender_id].to_json()
        data["date"] = message.date
        data["chat"] = self.chat_json(chat)
        if message.is_topic_message:
            data["is_topic_message"] = True
        if message.forward_origin is not None:
            data["forward_origin"] = message.forward_origin
        if with_reply and message.reply_to_message_id is not None:
            replied = chat.messages.get(message.reply_to_message_id)
            if replied is not None and not replied.deleted:
                data["reply_to_message"] = self.message_json(replied, with_reply=False)
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        if message.kind == "text" and message.content is not None:
            data["text"] = message.content.text
            if message.content.entities:
                data["entities"] = message.content.entities_json()
        data.update(message.media)
        if message.kind != "text" and message.content is not None and message.content.text:
            data["caption"] = message.content.text
            if message.content.entities:
                data["caption_entities"] = message.content.entities_json()
        if message.reply_markup is not None:
            data["reply_markup"] = message.reply_markup
        return data

    def message_view(self, message: MessageState) -> dict[str, Any]:
        """A message as the control API and the web page show it."""
        content = message.content or FormattedText("")
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "from_bot": message.from_bot,
            "from_id": message.sender_id,
            "kind": message.kind,
            "text": content.text,
            "html": content.html,
            "reply_markup": message.reply_markup,
            "deleted": message.deleted,
            "edited": message.edit_date is not None,
            "message_thread_id": message.message_thread_id,
            "date": message.date,
        }
        if not message.from_bot:
            data["from_name"] = self.users[message.sender_id].first_name
        if message.forward_origin is not None:
            data["forwarded"] = True
        if message.reply_to_message_id is not None:
            data["reply_to_message_id"] = message.reply_to_message_id
        if "document" in message.media:
            doc = message.media["document"]
            data["document"] = {
                "file_id": doc["file_id"],
                "file_name": doc.get("file_name"),
                "mime_type": doc.get("mime_type"),
                "file_size": doc.get("file_size"),
                "url": f"/sandbox/files/{doc['file_id']}",
            }
        if "photo" in message.media:
            biggest = message.media["photo"][-1]
            data["photo"] = {
                "file_id": biggest["file_id"],
                "width": biggest["width"],
                "height": biggest["height"],
                "url": f"/sandbox/files/{biggest['file_id']}",
            }
        for key in ("sticker", "voice", "contact", "location", "forum_topic_created"):
            if key in message.media:
                data[key] = message.media[key]
        return data

    def chat_body(self, chat: ChatState) -> dict[str, Any]:
        chat_data = self.chat_json(chat)
        chat_data["topics"] = [topic.to_json() for topic in chat.topics.values()]
        return {
            "chat": chat_data,
            "version": chat.version,
            "messages": [self.message_view(m) for m in sorted(chat.messages.values(), key=_by_id)],
            "alerts": list(chat.alerts),
            "reply_keyboard": chat.reply_keyboard,
            "force_reply": chat.force_reply,
            "last_action": chat.last_action,
        }

    def apply_markup(self, chat: ChatState, message: MessageState, markup: Markup | None) -> None:
        """Attach a validated markup to a bot message and update the chat's keyboard."""
        if markup is None:
            return
        if markup.kind == "inline":
            message.reply_markup = markup.data
        elif markup.kind == "keyboard":
            chat.reply_keyboard = markup.data
            chat.force_reply = None
        elif markup.kind == "remove":
            chat.reply_keyboard = None
        elif markup.kind == "force_reply":
            chat.force_reply = markup.data

    # ---- files --------------------------------------------------------------------------------

    def store_file(
        self,
        kind: str,
        data: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int | None = None,
        height: int | None = None,
    ) -> StoredFile:
        prefix = {"photo": "AgAC", "document": "BQAC", "sticker": "CAAC", "voice": "AwAC"}
        file_id = prefix.get(kind, "BQAC") + secrets.token_urlsafe(48)[:60]
        unique = "AQAD" + secrets.token_urlsafe(9)[:11]
        extension = ""
        if file_name and "." in file_name:
            extension = file_name.rsplit(".", 1)[1]
        elif mime_type:
            extension = (mimetypes.guess_extension(mime_type) or "").lstrip(".")
        number = len(self.files) + 1
        path = f"{kind}s/file_{number}" + (f".{extension}" if extension else "")
        stored = StoredFile(
            file_id, unique, kind, data, file_name, mime_type, width, height, file_path=path
        )
        self.files[file_id] = stored
        return stored

    def file_by_path(self, path: str) -> StoredFile | None:
        for stored in self.files.values():
            if stored.file_path == path:
                return stored
        return None

    def document_json(self, stored: StoredFile) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
        }
        if stored.file_name:
            data["file_name"] = stored.file_name
        if stored.mime_type:
            data["mime_type"] = stored.mime_type
        data["file_size"] = len(stored.data)
        return data

    def photo_sizes(self, data: bytes, width: int, height: int) -> list[dict[str, Any]]:
        sizes: list[dict[str, Any]] = []
        for limit in (90, 320, 1280):
            w, h = _scaled(width, height, limit)
            if sizes and (w, h) == (sizes[-1]["width"], sizes[-1]["height"]):
                continue
            stored = self.store_file("photo", data, mime_type="image/jpeg", width=w, height=h)
            sizes.append(
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "file_size": len(data),
                    "width": w,
                    "height": h,
                }
            )
        return sizes

    # ---- what users do (control API) ----------------------------------------------------------

    def user_message(
        self,
        chat: ChatState,
        user: UserState,
        kind: str,
        *,
        text: str | None = None,
        caption: str | None = None,
        thread_id: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> tuple[MessageState, int]:
        """A user writes; returns the message and the id of the update it caused."""
        extra = extra or {}
        if kind not in MESSAGE_KINDS:
            raise ValueError(f"kind must be one of {', '.join(MESSAGE_KINDS)}")
        if chat.type == "private" and chat.user_id != user.id:
            raise ValueError("only the chat's own user can write in a private chat")
        self.check_thread(chat, thread_id)
        content: FormattedText | None = None
        media: dict[str, Any] = {}
        if kind == "text":
            if not text or not text.strip():
                raise ValueError("text must be non-empty")
            if utf16_len(text) > TEXT_LIMIT:
                raise ValueError("text is longer than 4096 UTF-16 code units")
            content = FormattedText(text, command_entities(text))
        else:
            if caption:
                content = FormattedText(caption)
            media = self._user_media(kind, user, extra)
        message = self.new_message(
            chat,
            sender_id=user.id,
            from_bot=False,
            kind=kind,
            content=content,
            media=media,
            thread_id=thread_id,
            reply_to=extra.get("reply_to_message_id"),
        )
        if chat.type == "private":
            # Writing to a bot (pressing "Restart") unblocks it, as in Telegram.
            user.started = True
            user.blocked = False
            if chat.reply_keyboard and chat.reply_keyboard.get("one_time_keyboard"):
                chat.reply_keyboard = None
        chat.force_reply = None
        self.add_message(chat, message)
        update_id = self.enqueue("message", self.message_json(message))
        return message, update_id

    def _user_media(self, kind: str, user: UserState, extra: dict[str, Any]) -> dict[str, Any]:
        if kind == "sticker":
            stored = self.store_file(
                "sticker", b"RIFF\x00\x00\x00\x00WEBPVP8 ", mime_type="image/webp"
            )
            return {
                "sticker": {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                    "emoji": str(extra.get("emoji") or "😀"),
                    "set_name": "SandboxStickers",
                    "file_size": len(stored.data),
                }
            }
        if kind == "voice":
            stored = self.store_file("voice", b"OggS\x00sandbox voice", mime_type="audio/ogg")
            return {
                "voice": {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "duration": int(extra.get("duration") or 3),
                    "mime_type": "audio/ogg",
                    "file_size": len(stored.data),
                }
            }
        if kind == "photo":
            # Tests may send a real image (e.g. one carrying EXIF location) as base64.
            raw = extra.get("photo_base64")
            data = base64.b64decode(str(raw)) if raw else USER_PHOTO_BYTES
            return {"photo": self.photo_sizes(data, 64, 48)}
        if kind == "document":
            name = str(extra.get("file_name") or "document.pdf")
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            stored = self.store_file(
                "document", b"%PDF-1.4\n% sandbox document\n", file_name=name, mime_type=mime
            )
            return {"document": self.document_json(stored)}
        if kind == "contact":
            contact: dict[str, Any] = {
                "phone_number": str(extra.get("phone_number") or user.phone_number),
                "first_name": user.first_name,
                "user_id": user.id,
            }
            if user.last_name:
                contact["last_name"] = user.last_name
            return {"contact": contact}
        latitude = float(extra.get("latitude", 55.751244))
        longitude = float(extra.get("longitude", 37.618423))
        return {"location": {"latitude": latitude, "longitude": longitude}}

    def press_button(
        self, chat: ChatState, user: UserState, message_id: int, data: str
    ) -> tuple[str, int]:
        """A user taps an inline button; returns the callback query id and the update id."""
        message = chat.messages.get(message_id)
        if message is None or message.deleted:
            raise ValueError("message not found or deleted")
        markup = message.reply_markup or {}
        buttons = [b for row in markup.get("inline_keyboard", []) for b in row]
        if not any(b.get("callback_data") == data for b in buttons):
            raise ValueError("the message has no inline button with this callback_data")
        query_id = str(4_000_000_000_000_000_000 + secrets.randbelow(10**18))
        self.callbacks[query_id] = CallbackState(query_id, chat.id, message_id, user.id, data)
        payload = {
            "id": query_id,
            "from": user.to_json(),
            "message": self.message_json(message),
            "chat_instance": str(abs(chat.id) * 7919 % 10**19),
            "data": data,
        }
        return query_id, self.enqueue("callback_query", payload)

    # ---- commands -----------------------------------------------------------------------------

    @staticmethod
    def scope_key(scope: dict[str, Any] | None) -> str:
        return json.dumps(scope or {"type": "default"}, sort_keys=True, separators=(",", ":"))

    def commands_json(self) -> list[dict[str, Any]]:
        return [
            {"scope": scope, "language_code": language, "commands": commands}
            for (_, language), (scope, commands) in self.commands.items()
        ]


def _by_id(message: MessageState) -> int:
    return message.message_id
