"""The control API under `/sandbox/`: what tests and the web page use to act as Telegram users
and to look at what the bot did."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import quote

from aiohttp import web

from bot.sandbox.state import MESSAGE_KINDS, ApiError, ChatState, Fault, Sandbox, UserState

DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: injected by the sandbox",
    403: "Forbidden: injected by the sandbox",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class ControlError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _error(message: str, status: int = 400) -> web.Response:
    return web.json_response({"ok": False, "error": message}, status=status)


@web.middleware
async def control_errors(request: web.Request, handler: Any) -> web.StreamResponse:
    """Turn validation failures of control calls into JSON errors."""
    try:
        response: web.StreamResponse = await handler(request)
    except ControlError as error:
        return _error(error.message, error.status)
    except ApiError as error:
        return _error(error.description)
    except ValueError as error:
        return _error(str(error))
    return response


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.text() or "{}")
    except ValueError:
        raise ControlError("body must be JSON") from None
    if not isinstance(body, dict):
        raise ControlError("body must be a JSON object")
    return body


def _opt_str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ControlError(f"{key} must be a string")
    return value


def _opt_int(body: dict[str, Any], key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ControlError(f"{key} must be an integer")
    return value


def _req_int(body: dict[str, Any], key: str) -> int:
    value = _opt_int(body, key)
    if value is None:
        raise ControlError(f"{key} is required")
    return value


def _path_int(request: web.Request, key: str) -> int:
    try:
        return int(request.match_info[key])
    except ValueError:
        raise ControlError(f"{key} must be an integer", 404) from None


def _seconds(request: web.Request, default: float) -> float:
    try:
        value = float(request.query.get("timeout", default))
    except ValueError:
        raise ControlError("timeout must be a number of seconds") from None
    return min(max(value, 0.0), 300.0)


class ControlApi:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/sandbox/users", self.list_users),
            web.post("/sandbox/users", self.create_user),
            web.post("/sandbox/users/{user_id}/block", self.block_user),
            web.get("/sandbox/chats", self.list_chats),
            web.post("/sandbox/chats", self.create_chat),
            web.get("/sandbox/chats/{chat_id}/messages", self.messages),
            web.post("/sandbox/chats/{chat_id}/messages", self.post_message),
            web.post("/sandbox/chats/{chat_id}/callback", self.callback),
            web.get("/sandbox/chats/{chat_id}/wait", self.wait),
            web.get("/sandbox/log", self.log),
            web.get("/sandbox/commands", self.commands),
            web.post("/sandbox/faults", self.add_fault),
            web.get("/sandbox/updates", self.updates),
            web.get("/sandbox/updates/{update_id}/handled", self.handled),
            web.get("/sandbox/files/{file_id}", self.file),
        ]

    def _chat(self, request: web.Request) -> ChatState:
        chat = self.sandbox.chats.get(_path_int(request, "chat_id"))
        if chat is None:
            raise ControlError("chat not found", 404)
        return chat

    def _user(self, user_id: int) -> UserState:
        user = self.sandbox.users.get(user_id)
        if user is None:
            raise ControlError(f"user {user_id} not found")
        return user

    def _user_view(self, user: UserState) -> dict[str, Any]:
        return {**user.to_json(), "chat_id": user.id, "blocked": user.blocked}

    async def list_users(self, request: web.Request) -> web.Response:
        users = [self._user_view(user) for user in self.sandbox.users.values()]
        return web.json_response({"users": users})

    async def create_user(self, request: web.Request) -> web.Response:
        body = await _body(request)
        first_name = _opt_str(body, "first_name")
        if not first_name or not first_name.strip():
            raise ControlError("first_name is required")
        user = self.sandbox.create_user(
            first_name.strip(),
            last_name=_opt_str(body, "last_name") or None,
            username=_opt_str(body, "username") or None,
            language_code=_opt_str(body, "language_code") or None,
            user_id=_opt_int(body, "id"),
        )
        return web.json_response({"user": user.to_json(), "chat_id": user.id})

    async def block_user(self, request: web.Request) -> web.Response:
        user = self._user(_path_int(request, "user_id"))
        body = await _body(request)
        blocked = body.get("blocked", True)
        if not isinstance(blocked, bool):
            raise ControlError("blocked must be a boolean")
        user.blocked = blocked
        return web.json_response({"user": self._user_view(user)})

    def _chat_view(self, chat: ChatState) -> dict[str, Any]:
        data = self.sandbox.chat_json(chat)
        data["topics"] = [topic.to_json() for topic in chat.topics.values()]
        data["version"] = chat.version
        return data

    async def list_chats(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"chats": [self._chat_view(c) for c in self.sandbox.chats.values()]}
        )

    async def create_chat(self, request: web.Request) -> web.Response:
        body = await _body(request)
        chat_type = body.get("type", "supergroup")
        if chat_type not in ("supergroup", "group"):
            raise ControlError("type must be supergroup or group")
        title = _opt_str(body, "title")
        if not title:
            raise ControlError("title is required")
        is_forum = bool(body.get("is_forum", False))
        if is_forum and chat_type != "supergroup":
            raise ControlError("only a supergroup can be a forum")
        admin_ids = body.get("admin_ids") or []
        if not isinstance(admin_ids, list) or not all(isinstance(i, int) for i in admin_ids):
            raise ControlError("admin_ids must be a list of user ids")
        chat = self.sandbox.create_chat(title, chat_type=chat_type, is_forum=is_forum)
        chat.admin_ids.update(admin_ids)
        return web.json_response({"chat": self.sandbox.chat_json(chat)})

    async def messages(self, request: web.Request) -> web.Response:
        return web.json_response(self.sandbox.chat_body(self._chat(request)))

    async def post_message(self, request: web.Request) -> web.Response:
        chat = self._chat(request)
        body = await _body(request)
        user = self._user(_req_int(body, "from_id"))
        kind = body.get("kind", "text")
        if kind not in MESSAGE_KINDS:
            raise ControlError(f"kind must be one of {', '.join(MESSAGE_KINDS)}")
        message, update_id = self.sandbox.user_message(
            chat,
            user,
            kind,
            text=_opt_str(body, "text"),
            caption=_opt_str(body, "caption"),
            thread_id=_opt_int(body, "message_thread_id"),
            extra=body,
        )
        return web.json_response(
            {"message": self.sandbox.message_json(message), "update_id": update_id}
        )

    async def callback(self, request: web.Request) -> web.Response:
        chat = self._chat(request)
        body = await _body(request)
        user = self._user(_req_int(body, "from_id"))
        data = _opt_str(body, "data")
        if data is None:
            raise ControlError("data is required")
        query_id, update_id = self.sandbox.press_button(
            chat, user, _req_int(body, "message_id"), data
        )
        return web.json_response({"callback_query_id": query_id, "update_id": update_id})

    async def wait(self, request: web.Request) -> web.Response:
        chat = self._chat(request)
        try:
            after = int(request.query.get("after", "-1"))
        except ValueError:
            raise ControlError("after must be an integer") from None
        timeout = _seconds(request, 25.0)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while chat.version <= after and not self.sandbox.closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            await chat.signal.wait(remaining)
        return web.json_response(self.sandbox.chat_body(chat))

    async def handled(self, request: web.Request) -> web.Response:
        """Wait until the bot has confirmed an update, i.e. finished handling it."""
        sandbox = self.sandbox
        update_id = _path_int(request, "update_id")
        if update_id >= sandbox.next_update_id:
            raise ControlError(f"there is no update {update_id}", 404)
        timeout = _seconds(request, 30.0)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not sandbox.is_handled(update_id) and not sandbox.closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            await sandbox.handled_signal.wait(remaining)
        if sandbox.is_handled(update_id):
            return web.json_response({"ok": True, "handled": True})
        return web.json_response(
            {
                "ok": False,
                "handled": False,
                "error": f"the bot has not handled update {update_id} within {timeout:g} s",
            },
            status=504,
        )

    async def log(self, request: web.Request) -> web.Response:
        return web.json_response({"calls": self.sandbox.calls})

    async def commands(self, request: web.Request) -> web.Response:
        return web.json_response({"commands": self.sandbox.commands_json()})

    async def updates(self, request: web.Request) -> web.Response:
        return web.json_response({"updates": self.sandbox.updates})

    async def add_fault(self, request: web.Request) -> web.Response:
        body = await _body(request)
        name = _opt_str(body, "method")
        if not name:
            raise ControlError("method is required")
        error_code = _opt_int(body, "error_code") or 429
        retry_after = _opt_int(body, "retry_after")
        times = _opt_int(body, "times")
        times = 1 if times is None else times
        description = _opt_str(body, "description")
        if error_code == 429:
            retry_after = 1 if retry_after is None else retry_after
            description = description or f"Too Many Requests: retry after {retry_after}"
        elif description is None:
            description = DEFAULT_DESCRIPTIONS.get(error_code, f"Error {error_code}")
        self.sandbox.faults[name.lower()] = Fault(error_code, description, retry_after, times)
        return web.json_response({"ok": True})

    async def file(self, request: web.Request) -> web.Response:
        stored = self.sandbox.files.get(request.match_info["file_id"])
        if stored is None:
            raise ControlError("file not found", 404)
        headers = {}
        if stored.file_name:
            quoted = stored.file_name.replace('"', "")
            headers["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(quoted, safe='')}"
        return web.Response(
            body=stored.data,
            content_type=stored.mime_type or "application/octet-stream",
            headers=headers,
        )
